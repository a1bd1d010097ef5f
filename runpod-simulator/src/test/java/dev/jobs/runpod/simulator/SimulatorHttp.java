package dev.jobs.runpod.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test client that sends requests to one simulator and parses the JSON responses. */
final class SimulatorHttp implements AutoCloseable {

    /** Response status and parsed body. */
    record Response(int status, JsonNode body) {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String authorization;

    SimulatorHttp(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** Returns a client that sends {@code authorization} as the Authorization header, or none if null. */
    SimulatorHttp withAuthorization(String newAuthorization) {
        return new SimulatorHttp(baseUrl, newAuthorization);
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path, String jsonBody) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    JsonNode status(String endpointId, String jobId) {
        Response response = get("/v2/" + endpointId + "/status/" + jobId);
        if (response.status() != 200) {
            throw new AssertionError("Expected 200 from status of " + jobId + " but got " + response);
        }
        return response.body();
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
