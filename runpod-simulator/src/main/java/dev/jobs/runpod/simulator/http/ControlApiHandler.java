package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import dev.jobs.runpod.simulator.RequestLog;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.fault.Fault;
import dev.jobs.runpod.simulator.fault.FaultInjector;
import dev.jobs.runpod.simulator.job.DuplicateJobIdException;
import dev.jobs.runpod.simulator.job.ExecutionPolicy;
import dev.jobs.runpod.simulator.job.JobRegistry;
import dev.jobs.runpod.simulator.job.SimulatedJob;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the simulator's own control API under {@code /_simulator}, which needs no API key:
 * {@code POST /jobs} creates a scripted job (optionally with {@code "ttlMs"} and {@code "faults"}),
 * {@code POST /jobs/{id}/faults} adds faults to a job, {@code DELETE /jobs/{id}} deletes a job as if its ttl had
 * passed, {@code POST /storm} makes every status request fail for a while ({@code {"durationMs": n, "status": 503}}),
 * {@code GET /requests} returns the request log, {@code DELETE /requests} clears it and {@code GET /health}
 * reports that the simulator is up. Fault objects are described in {@link FaultJson}.
 */
public final class ControlApiHandler extends JsonHandler {

    /** Context path this handler is registered under. */
    public static final String CONTEXT_PATH = "/_simulator/";

    private final JobRegistry jobs;
    private final FaultInjector faults;
    private final RequestLog requestLog;

    public ControlApiHandler(JobRegistry jobs, FaultInjector faults, RequestLog requestLog) {
        this.jobs = jobs;
        this.faults = faults;
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
            case "storm" -> {
                requireMethod(exchange, "POST");
                startStorm(exchange);
            }
            default -> handleJobResource(exchange, resource);
        }
    }

    private void handleJobResource(HttpExchange exchange, String resource) throws IOException {
        String[] parts = resource.split("/", -1);
        if (parts.length == 3 && parts[0].equals("jobs") && parts[2].equals("faults") && !parts[1].isEmpty()) {
            requireMethod(exchange, "POST");
            ObjectNode body = JsonExchange.readObject(exchange);
            faults.add(parts[1], FaultJson.fromJson(body.get("faults")));
            JsonExchange.send(exchange, 200, JsonExchange.MAPPER.createObjectNode().put("id", parts[1]));
        } else if (parts.length == 2 && parts[0].equals("jobs") && !parts[1].isEmpty()) {
            requireMethod(exchange, "DELETE");
            if (!jobs.delete(parts[1])) {
                throw HttpError.notFound("Job " + parts[1] + " not found");
            }
            JsonExchange.send(exchange, 200, JsonExchange.MAPPER.createObjectNode().put("deleted", parts[1]));
        } else {
            throw HttpError.notFound(
                    "No route for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        }
    }

    private void startStorm(HttpExchange exchange) throws IOException {
        ObjectNode body = JsonExchange.readObject(exchange);
        long durationMs = body.path("durationMs").asLong(-1);
        if (durationMs <= 0) {
            throw HttpError.badRequest("\"durationMs\" is missing or not positive; expected milliseconds, 1 or more");
        }
        try {
            faults.storm(Duration.ofMillis(durationMs), body.path("status").asInt(503));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        JsonExchange.send(exchange, 200, JsonExchange.MAPPER.createObjectNode().put("durationMs", durationMs));
    }

    private void createJob(HttpExchange exchange) throws IOException {
        ObjectNode body = JsonExchange.readObject(exchange);
        String endpointId = readText(body, "endpointId", true);
        String requestedId = readText(body, "id", false);
        Scenario scenario = readScenario(body.get("scenario"));
        ExecutionPolicy policy = ExecutionPolicy.NONE;
        if (body.hasNonNull("ttlMs")) {
            long ttlMs = body.get("ttlMs").asLong(-1);
            if (ttlMs <= 0) {
                throw HttpError.badRequest("Invalid \"ttlMs\" " + body.get("ttlMs") + "; expected milliseconds, 1 or more");
            }
            policy = new ExecutionPolicy(null, Duration.ofMillis(ttlMs));
        }

        List<Fault> jobFaults = body.has("faults") ? FaultJson.fromJson(body.get("faults")) : List.of();

        SimulatedJob job;
        try {
            job = jobs.create(endpointId, requestedId, scenario, policy);
        } catch (DuplicateJobIdException e) {
            throw HttpError.conflict(e.getMessage());
        }
        if (!jobFaults.isEmpty()) {
            faults.add(job.id(), jobFaults);
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
