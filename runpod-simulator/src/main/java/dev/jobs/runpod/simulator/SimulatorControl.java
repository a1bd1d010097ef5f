package dev.jobs.runpod.simulator;

import dev.jobs.runpod.simulator.http.JsonExchange;
import dev.jobs.runpod.simulator.http.ScenarioJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client for the control API of a simulator running in another process, such as one started by
 * {@link SimulatorMain}.
 */
public final class SimulatorControl {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final HttpClient httpClient;

    /** Creates a client for the simulator at {@code baseUrl}, such as {@code http://127.0.0.1:8089}. */
    public SimulatorControl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.httpClient = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * Creates a job on {@code endpointId} that follows {@code scenario}, and returns its id.
     *
     * @throws IllegalStateException if the simulator rejects the request
     * @throws UncheckedIOException if the simulator cannot be reached
     */
    public String createJob(String endpointId, Scenario scenario) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(scenario, "scenario");
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("endpointId", endpointId);
        body.set("scenario", ScenarioJson.toJson(scenario));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/_simulator/jobs"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonExchange.MAPPER.writeValueAsBytes(body)))
                .build();

        HttpResponse<String> response = send(request);

        if (response.statusCode() != 200) {
            throw new IllegalStateException("Simulator at " + baseUrl + " rejected the job with HTTP "
                    + response.statusCode() + ": " + response.body());
        }
        return readId(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return httpClient.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to reach the simulator at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the simulator at " + baseUrl, e);
        }
    }

    private String readId(String body) {
        try {
            JsonNode id = JsonExchange.MAPPER.readTree(body).get("id");
            if (id == null || !id.isString()) {
                throw new IllegalStateException("Simulator at " + baseUrl + " returned no job id: " + body);
            }
            return id.stringValue();
        } catch (JacksonException e) {
            throw new IllegalStateException("Simulator at " + baseUrl + " returned invalid JSON: " + body, e);
        }
    }
}
