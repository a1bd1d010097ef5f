package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import dev.jobs.runpod.simulator.RequestLog;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.job.DuplicateJobIdException;
import dev.jobs.runpod.simulator.job.ExecutionPolicy;
import dev.jobs.runpod.simulator.job.JobRegistry;
import dev.jobs.runpod.simulator.job.SimulatedJob;
import java.io.IOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the simulator's own control API under {@code /_simulator}, which needs no API key:
 * {@code POST /jobs} creates a scripted job, {@code GET /requests} returns the request log,
 * {@code DELETE /requests} clears it and {@code GET /health} reports that the simulator is up.
 */
public final class ControlApiHandler extends JsonHandler {

    /** Context path this handler is registered under. */
    public static final String CONTEXT_PATH = "/_simulator/";

    private final JobRegistry jobs;
    private final RequestLog requestLog;

    public ControlApiHandler(JobRegistry jobs, RequestLog requestLog) {
        this.jobs = jobs;
        this.requestLog = requestLog;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws IOException {
        String resource = exchange.getRequestURI().getPath().substring(CONTEXT_PATH.length());
        switch (resource) {
            case "jobs" -> {
                requireMethod(exchange, "POST");
                createJob(exchange);
            }
            case "requests" -> {
                requireMethod(exchange, "GET", "DELETE");
                if (exchange.getRequestMethod().equals("GET")) {
                    JsonExchange.send(exchange, 200, requestsAsJson());
                } else {
                    int cleared = requestLog.entries().size();
                    requestLog.clear();
                    JsonExchange.send(exchange, 200, JsonExchange.MAPPER.createObjectNode().put("cleared", cleared));
                }
            }
            case "health" -> {
                requireMethod(exchange, "GET");
                JsonExchange.send(exchange, 200, JsonExchange.MAPPER.createObjectNode().put("status", "UP"));
            }
            default -> throw HttpError.notFound(
                    "No route for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        }
    }

    private void createJob(HttpExchange exchange) throws IOException {
        ObjectNode body = JsonExchange.readObject(exchange);
        String endpointId = readText(body, "endpointId", true);
        String requestedId = readText(body, "id", false);
        Scenario scenario = readScenario(body.get("scenario"));

        SimulatedJob job;
        try {
            job = jobs.create(endpointId, requestedId, scenario, ExecutionPolicy.NONE);
        } catch (DuplicateJobIdException e) {
            throw HttpError.conflict(e.getMessage());
        }

        JsonExchange.send(exchange, 200, JsonExchange.MAPPER.createObjectNode().put("id", job.id()));
    }

    private Scenario readScenario(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return ScenarioJson.fromJson(node, jobs.defaultScenario());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Invalid scenario: " + e.getMessage());
        }
    }

    private static String readText(ObjectNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw HttpError.badRequest("\"" + field + "\" is missing; expected a non-blank string");
            }
            return null;
        }
        if (!value.isString() || value.stringValue().isBlank() || value.stringValue().contains("/")) {
            throw HttpError.badRequest(
                    "Invalid \"" + field + "\" " + value + "; expected a non-blank string without '/'");
        }
        return value.stringValue();
    }

    private ArrayNode requestsAsJson() {
        ArrayNode array = JsonExchange.MAPPER.createArrayNode();
        for (RequestLog.Entry entry : requestLog.entries()) {
            array.addObject()
                    .put("method", entry.method())
                    .put("path", entry.path())
                    .put("time", entry.time().toString())
                    .put("status", entry.status());
        }
        return array;
    }
}
