package dev.jobs.api.message;

/** A message body that cannot be handled: not JSON, a required field missing, or a field of the wrong kind. */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
