package dev.jobs.cli.http;

import tools.jackson.databind.JsonNode;

/** Error status returned by the producer service, with its RFC 9457 body in {@link #problem()} when it sent one. */
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
