package dev.jobs.producer.service;

/** A query parameter, path variable or body field of an operator request is invalid; {@link #parameter()} names it. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
