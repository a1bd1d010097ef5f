package dev.jobs.messaging.publish;

/** The broker did not take a message: it nacked it, returned it as unroutable, or did not confirm in time. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
