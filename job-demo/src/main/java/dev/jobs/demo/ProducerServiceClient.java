package dev.jobs.demo;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Calls the producer HTTP service: {@code POST /jobs} to submit a monitor and {@code GET /jobs/{id}} to read one. */
final class ProducerServiceClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI baseUrl;

    ProducerServiceClient(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * Submits a {@code monitor-training-status} job and returns its id.
     *
     * @throws IllegalStateException when the service does not respond 201 with an id
     */
    UUID submitMonitor(String runpodJobId, String endpointId, Duration timeout) {
        ObjectNode body = MessageCodec.mapper().createObjectNode();
        body.put("type", MonitorTrainingPayload.TYPE);
        body.putObject("payload").put("runpodJobId", runpodJobId).put("endpointId", endpointId);
        body.putObject("options").put("timeoutMs", timeout.toMillis());
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/jobs"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + request.uri() + " for RunPod job " + runpodJobId + " returned HTTP "
                    + response.statusCode() + " instead of 201: " + response.body());
        }
        return UUID.fromString(MessageCodec.mapper().readTree(response.body()).path("id").asString());
    }

    /**
     * Reads a job as the service returns it: id, type, status, result, error, createdAt, completedAt, checks, ….
     *
     * @throws IllegalStateException when the service does not respond 200
     */
    JsonNode get(UUID jobId) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/jobs/" + jobId)).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " returned HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return MessageCodec.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), e);
        }
    }
}
