package dev.jobs.cli.http;

/** No HTTP response came back from the producer service: refused, timed out or cut off. */
public class ServiceUnreachableException extends RuntimeException {

    public ServiceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
