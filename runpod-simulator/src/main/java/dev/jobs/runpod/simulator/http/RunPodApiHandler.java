package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.job.ExecutionPolicy;
import dev.jobs.runpod.simulator.job.JobRegistry;
import dev.jobs.runpod.simulator.job.JobView;
import dev.jobs.runpod.simulator.job.SimulatedJob;
import java.io.IOException;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves RunPod's queue-based endpoint operations under {@code /v2/{endpointId}}: {@code run},
 * {@code status/{id}}, {@code cancel/{id}} and {@code health}. The API key is checked by {@link ApiKeyFilter}.
 */
public final class RunPodApiHandler extends JsonHandler {

    /** Context path this handler is registered under. */
    public static final String CONTEXT_PATH = "/v2/";

    private final JobRegistry jobs;

    public RunPodApiHandler(JobRegistry jobs) {
        this.jobs = jobs;
    }

    @Override
    protected void handleJson(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] segments = path.substring(CONTEXT_PATH.length()).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw unknownPath(exchange);
            }
        }
        String endpointId = segments[0];
        String operation = segments.length > 1 ? segments[1] : "";

        if (segments.length == 2 && operation.equals("run")) {
            requireMethod(exchange, "POST");
            run(exchange, endpointId);
        } else if (segments.length == 2 && operation.equals("health")) {
            requireMethod(exchange, "GET");
            JsonExchange.send(exchange, 200, JobJson.health(jobs.health(endpointId)));
        } else if (segments.length == 3 && operation.equals("status")) {
            requireMethod(exchange, "GET", "POST");
            JobView view = jobs.find(endpointId, segments[2]).orElseThrow(() -> jobNotFound(endpointId, segments[2]));
            JsonExchange.send(exchange, 200, JobJson.status(view));
        } else if (segments.length == 3 && operation.equals("cancel")) {
            requireMethod(exchange, "POST");
            JobView view = jobs.cancel(endpointId, segments[2]).orElseThrow(() -> jobNotFound(endpointId, segments[2]));
            JsonExchange.send(exchange, 200, JobJson.idAndStatus(view));
        } else {
            throw unknownPath(exchange);
        }
    }

    private void run(HttpExchange exchange, String endpointId) throws IOException {
        ObjectNode body = JsonExchange.readObject(exchange);
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            throw HttpError.badRequest("Request body must contain an \"input\" object");
        }
        Scenario scenario = readSimulateScenario(input);
        ExecutionPolicy policy = readPolicy(body.get("policy"));

        SimulatedJob job = jobs.create(endpointId, null, scenario, policy);

        // The /run response reports IN_QUEUE even for a job scripted with zero queue time, as a real /run response
        // comes before any worker picks the job up.
        ObjectNode response = JsonExchange.MAPPER.createObjectNode();
        response.put("id", job.id());
        response.put("status", "IN_QUEUE");
        JsonExchange.send(exchange, 200, response);
    }

    private Scenario readSimulateScenario(JsonNode input) {
        JsonNode simulate = input.get("simulate");
        if (simulate == null) {
            return null;
        }
        try {
            return ScenarioJson.fromJson(simulate, jobs.defaultScenario());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Invalid input.simulate: " + e.getMessage());
        }
    }

    private static ExecutionPolicy readPolicy(JsonNode policy) {
        if (policy == null || policy.isNull()) {
            return ExecutionPolicy.NONE;
        }
        if (!policy.isObject()) {
            throw HttpError.badRequest("\"policy\" must be a JSON object, but was " + policy);
        }
        return new ExecutionPolicy(
                readPositiveMillis(policy, "executionTimeout"),
                readPositiveMillis(policy, "ttl"));
    }

    private static Duration readPositiveMillis(JsonNode policy, String field) {
        JsonNode value = policy.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw HttpError.badRequest(
                    "Invalid policy." + field + " " + value + "; expected a whole number of milliseconds, 1 or more");
        }
        return Duration.ofMillis(value.longValue());
    }

    private static HttpError jobNotFound(String endpointId, String jobId) {
        return HttpError.notFound("Job " + jobId + " not found on endpoint " + endpointId
                + "; it never existed or its result retention has passed");
    }

    private static HttpError unknownPath(HttpExchange exchange) {
        return HttpError.notFound(
                "No route for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    }
}
