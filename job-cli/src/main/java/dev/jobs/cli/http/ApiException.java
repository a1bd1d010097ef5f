package dev.jobs.cli.http;

import tools.jackson.databind.JsonNode;

/** The producer service answered with an error status; {@link #problem()} is its RFC 9457 body, when it sent one. */
public class ApiException extends RuntimeException {

    private final int status;
    private final JsonNode problem;

    public ApiException(int status, JsonNode problem, String message) {
        super(message);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public JsonNode problem() {
        return problem;
    }
}
