package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.fault.Fault;
import dev.jobs.runpod.simulator.fault.FaultInjector;
import dev.jobs.runpod.simulator.fault.RequestRateLimiter;
import dev.jobs.runpod.simulator.job.ExecutionPolicy;
import dev.jobs.runpod.simulator.job.JobRegistry;
import dev.jobs.runpod.simulator.job.JobView;
import dev.jobs.runpod.simulator.job.SimulatedJob;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves RunPod's queue-based endpoint operations under {@code /v2/{endpointId}}: {@code run}, {@code runsync},
 * {@code status/{id}}, {@code stream/{id}}, {@code cancel/{id}}, {@code retry/{id}}, {@code purge-queue} and
 * {@code health}. The API key is checked by {@link ApiKeyFilter}; then each request counts against its rate limit
 * and may meet a fault scripted for its job.
 */
public final class RunPodApiHandler extends JsonHandler {

    /** Context path this handler is registered under. */
    public static final String CONTEXT_PATH = "/v2/";

    private static final Set<String> ENDPOINT_OPERATIONS = Set.of("run", "runsync", "health", "purge-queue");
    private static final Set<String> JOB_OPERATIONS = Set.of("status", "stream", "cancel", "retry");

    private final JobRegistry jobs;
    private final FaultInjector faults;
    private final RequestRateLimiter rateLimiter;
    private final SyncRunner syncRunner;

    public RunPodApiHandler(JobRegistry jobs, FaultInjector faults, RequestRateLimiter rateLimiter) {
        this.jobs = jobs;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.syncRunner = new SyncRunner(jobs);
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
        boolean endpointOperation = segments.length == 2 && ENDPOINT_OPERATIONS.contains(operation);
        boolean jobOperation = segments.length == 3 && JOB_OPERATIONS.contains(operation);
        if (!endpointOperation && !jobOperation) {
            throw unknownPath(exchange);
        }
        requireMethod(exchange, allowedMethods(operation));

        if (!operation.equals("health") && !rateLimiter.tryAcquire(endpointId, operation)) {
            FaultResponder.sendRateLimited(exchange, rateLimiter.limits().retryAfterSeconds());
            return;
        }
        if (jobOperation) {
            Optional<Fault> fault = faults.next(segments[2], operation);
            if (fault.isPresent() && FaultResponder.apply(exchange, fault.get(), segments[2])) {
                return;
            }
            handleJobOperation(exchange, endpointId, operation, segments[2]);
        } else {
            handleEndpointOperation(exchange, endpointId, operation);
        }
    }

    private void handleEndpointOperation(HttpExchange exchange, String endpointId, String operation) throws IOException {
        switch (operation) {
            case "run" -> {
                SimulatedJob job = submit(exchange, endpointId, false);
                // The /run response reports IN_QUEUE even for a job scripted with zero queue time, as a real /run
                // response comes before any worker picks the job up.
                ObjectNode response = JsonExchange.MAPPER.createObjectNode().put("id", job.id()).put("status", "IN_QUEUE");
                JsonExchange.send(exchange, 200, response);
            }
            case "runsync" -> {
                Duration wait = SyncRunner.readWait(exchange.getRequestURI().getRawQuery());
                SimulatedJob job = submit(exchange, endpointId, true);
                JsonExchange.send(exchange, 200, syncRunner.awaitEnd(endpointId, job.id(), wait));
            }
            case "health" -> JsonExchange.send(exchange, 200, JobJson.health(jobs.health(endpointId)));
            case "purge-queue" -> {
                int removed = jobs.purgeQueue(endpointId);
                JsonExchange.send(exchange, 200,
                        JsonExchange.MAPPER.createObjectNode().put("removed", removed).put("status", "completed"));
            }
            default -> throw unknownPath(exchange);
        }
    }

    private void handleJobOperation(HttpExchange exchange, String endpointId, String operation, String jobId)
            throws IOException {
        switch (operation) {
            case "status" -> {
                JobView view = jobs.find(endpointId, jobId).orElseThrow(() -> jobNotFound(endpointId, jobId));
                JsonExchange.send(exchange, 200, JobJson.status(view));
            }
            case "stream" -> JsonExchange.send(exchange, 200, syncRunner.stream(endpointId, jobId)
                    .orElseThrow(() -> jobNotFound(endpointId, jobId)));
            case "cancel" -> {
                JobView view = jobs.cancel(endpointId, jobId).orElseThrow(() -> jobNotFound(endpointId, jobId));
                JsonExchange.send(exchange, 200, JobJson.idAndStatus(view));
            }
            case "retry" -> {
                JobView view;
                try {
                    view = jobs.retry(endpointId, jobId).orElseThrow(() -> jobNotFound(endpointId, jobId));
                } catch (IllegalStateException e) {
                    throw HttpError.badRequest(e.getMessage());
                }
                JsonExchange.send(exchange, 200, JobJson.idAndStatus(view));
            }
            default -> throw unknownPath(exchange);
        }
    }

    private static String[] allowedMethods(String operation) {
        return switch (operation) {
            case "health", "stream" -> new String[] {"GET"};
            case "status" -> new String[] {"GET", "POST"};
            default -> new String[] {"POST"};
        };
    }

    private SimulatedJob submit(HttpExchange exchange, String endpointId, boolean synchronous) throws IOException {
        ObjectNode body = JsonExchange.readObject(exchange);
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            throw HttpError.badRequest("Request body must contain an \"input\" object");
        }
        Scenario scenario = readSimulateScenario(input);
        ExecutionPolicy policy = readPolicy(body.get("policy"));
        return jobs.create(endpointId, null, scenario, policy, synchronous);
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

    static HttpError jobNotFound(String endpointId, String jobId) {
        return HttpError.notFound("Job " + jobId + " not found on endpoint " + endpointId
                + "; it never existed, its result retention or ttl has passed, or it was deleted");
    }

    private static HttpError unknownPath(HttpExchange exchange) {
        return HttpError.notFound(
                "No route for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    }
}
