package dev.jobs.worker.runpod;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.worker.handler.PermanentJobException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Calls RunPod's serverless API: {@code GET /v2/{endpointId}/status/{id}} and {@code POST /v2/{endpointId}/cancel/{id}},
 * with the API key as a bearer token. The same code serves {@code https://api.runpod.ai} and the simulator; only
 * the base URL differs.
 *
 * <p>A short retry absorbs single flaky calls; a circuit breaker stops calling during an outage, so the monitor
 * turns it into delayed checks instead of a storm of calls.
 */
public final class RunPodStatusClient {

    private static final Logger log = LoggerFactory.getLogger(RunPodStatusClient.class);

    private final RunPodSettings settings;
    private final HttpClient http;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;

    public RunPodStatusClient(RunPodSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.retry = Retry.of("runpod", RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(250), 2))
                .retryExceptions(RunPodUnavailableException.class)
                .build());
        this.circuitBreaker = CircuitBreaker.of("runpod", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordExceptions(RunPodUnavailableException.class)
                .build());
        retry.getEventPublisher().onRetry(event -> log.warn("RunPod call failed, retry {} in {} ms: {}",
                event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                event.getLastThrowable() == null ? "" : event.getLastThrowable().getMessage()));
        circuitBreaker.getEventPublisher().onStateTransition(event -> log.warn("RunPod circuit breaker: {}",
                event.getStateTransition()));
    }

    /**
     * Reads a job's status.
     *
     * @throws RunPodUnavailableException when RunPod cannot answer now, also while the circuit breaker is open
     * @throws PermanentJobException      when RunPod rejects the key (401, 403) or does not know the job (404)
     */
    public RunPodJobStatus status(String endpointId, String runpodJobId) {
        URI uri = settings.baseUrl().resolve("/v2/" + endpointId + "/status/" + runpodJobId);
        HttpRequest request = authorized(uri).GET().build();
        return guarded(() -> parseStatus(send(request, "status", runpodJobId), runpodJobId));
    }

    /** Asks RunPod to cancel a job; returns the status RunPod reports afterwards. */
    public RunPodJobStatus cancel(String endpointId, String runpodJobId) {
        URI uri = settings.baseUrl().resolve("/v2/" + endpointId + "/cancel/" + runpodJobId);
        HttpRequest request = authorized(uri).POST(HttpRequest.BodyPublishers.noBody()).build();
        return guarded(() -> parseStatus(send(request, "cancel", runpodJobId), runpodJobId));
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    private RunPodJobStatus guarded(Supplier<RunPodJobStatus> call) {
        try {
            return circuitBreaker.executeSupplier(Retry.decorateSupplier(retry, call));
        } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException e) {
            throw new RunPodUnavailableException("RunPod calls are paused by the circuit breaker after repeated failures", e);
        }
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Accept", "application/json");
    }

    private String send(HttpRequest request, String operation, String runpodJobId) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RunPodUnavailableException("RunPod " + operation + " call for job " + runpodJobId + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunPodUnavailableException("Interrupted during the RunPod " + operation + " call for job " + runpodJobId, e);
        }
        int code = response.statusCode();
        if (code == 200) {
            return response.body();
        }
        if (code == 401 || code == 403) {
            throw new PermanentJobException("RunPod rejected the API key (HTTP " + code + "): check RUNPOD_API_KEY");
        }
        if (code == 404) {
            throw new PermanentJobException("RunPod job " + runpodJobId + " is unknown or its result expired (HTTP 404)");
        }
        if (code == 429 || code >= 500) {
            throw new RunPodUnavailableException("RunPod " + operation + " call for job " + runpodJobId + " answered HTTP " + code);
        }
        throw new PermanentJobException("RunPod " + operation + " call for job " + runpodJobId + " answered HTTP " + code
                + ": " + abbreviate(response.body()));
    }

    private static RunPodJobStatus parseStatus(String body, String runpodJobId) {
        try {
            JsonNode tree = MessageCodec.mapper().readTree(body);
            String status = tree.path("status").asString(null);
            if (status == null) {
                throw new RunPodUnavailableException("RunPod answer for job " + runpodJobId + " has no status: " + abbreviate(body));
            }
            JsonNode error = tree.get("error");
            return new RunPodJobStatus(
                    tree.path("id").asString(runpodJobId),
                    status,
                    tree.hasNonNull("delayTime") ? tree.get("delayTime").asLong() : null,
                    tree.hasNonNull("executionTime") ? tree.get("executionTime").asLong() : null,
                    tree.get("output"),
                    error == null || error.isNull() ? null : error.isString() ? error.asString() : error.toString());
        } catch (JacksonException e) {
            throw new RunPodUnavailableException("RunPod answer for job " + runpodJobId + " is not JSON: " + abbreviate(body), e);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
