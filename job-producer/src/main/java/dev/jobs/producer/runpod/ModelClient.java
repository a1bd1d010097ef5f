package dev.jobs.producer.runpod;

import dev.jobs.api.JobOptions;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.callbacks.JobManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Starts RunPod training runs and has workers watch them. The API key authenticates this client's own calls to
 * RunPod ({@link #startTrainingJob}); it is never written to a job row or message. Workers poll RunPod with their
 * own {@code RUNPOD_API_KEY}.
 */
public final class ModelClient {

    private final String apiKey;
    private final URI baseUrl;
    private final String endpointId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private JobManager jobManager;

    /** Reads the endpoint from {@code RUNPOD_ENDPOINT_ID} and the base URL from {@code RUNPOD_BASE_URL} (default RunPod's). */
    public ModelClient(String runpodApiKey) {
        this(runpodApiKey, URI.create(envOr("RUNPOD_BASE_URL", "https://api.runpod.ai")), System.getenv("RUNPOD_ENDPOINT_ID"));
    }

    public ModelClient(String runpodApiKey, URI baseUrl, String endpointId) {
        this.apiKey = runpodApiKey;
        this.baseUrl = baseUrl;
        this.endpointId = endpointId;
    }

    public void setJobManager(JobManager jobManager) {
        this.jobManager = jobManager;
    }

    /** Watches a RunPod job on the configured endpoint; returns the id of the monitoring job. */
    public UUID monitorTrainingJob(String runpodJobId, Consumer<JsonNode> onSuccess, Consumer<String> onError) {
        return monitorTrainingJob(runpodJobId, JobOptions.defaults(), onSuccess, onError);
    }

    /**
     * Watches a RunPod job with per-job options (timeout, poll interval, retries).
     *
     * @throws IllegalStateException        when no job manager or endpoint id was set
     * @throws dev.jobs.api.InvalidJobException when the RunPod job id is invalid
     */
    public UUID monitorTrainingJob(String runpodJobId, JobOptions options, Consumer<JsonNode> onSuccess,
                                   Consumer<String> onError) {
        if (jobManager == null) {
            throw new IllegalStateException("No JobManager set: call setJobManager(JobSystem.initialize(...)) first");
        }
        if (endpointId == null || endpointId.isBlank()) {
            throw new IllegalStateException("No RunPod endpoint id: set RUNPOD_ENDPOINT_ID or pass it to the constructor");
        }
        ObjectNode payload = MessageCodec.mapper().createObjectNode()
                .put("runpodJobId", runpodJobId)
                .put("endpointId", endpointId);
        return jobManager.submit(MonitorTrainingPayload.TYPE, payload, options, onSuccess, onError);
    }

    /**
     * Starts a run with {@code POST /v2/{endpointId}/run} and returns RunPod's job id.
     *
     * @throws IllegalStateException when RunPod does not accept the request
     */
    public String startTrainingJob(JsonNode input) {
        Objects.requireNonNull(input, "input");
        ObjectNode body = MessageCodec.mapper().createObjectNode();
        body.set("input", input);
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/v2/" + endpointId + "/run"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("RunPod refused to start a job on endpoint " + endpointId + ": HTTP "
                        + response.statusCode());
            }
            return MessageCodec.mapper().readTree(response.body()).path("id").asString();
        } catch (IOException e) {
            throw new IllegalStateException("Starting a RunPod job on endpoint " + endpointId + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting a RunPod job", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
