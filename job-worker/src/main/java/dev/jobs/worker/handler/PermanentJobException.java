package dev.jobs.worker.handler;

/** A failure that retrying cannot fix, such as an invalid payload or a rejected API key: the job fails at once. */
public class PermanentJobException extends RuntimeException {

    public PermanentJobException(String message) {
        super(message);
    }

    public PermanentJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
