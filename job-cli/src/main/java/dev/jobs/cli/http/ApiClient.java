package dev.jobs.cli.http;

import dev.jobs.api.message.MessageCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the producer service and returns the JSON body of a 2xx response; any other status throws. */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI baseUrl;
    private final String apiKey;
    private final HttpClient http;

    public ApiClient(URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public JsonNode get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    public JsonNode post(String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest.Builder builder = request(path).POST(publisher);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachableException("Interrupted while calling " + request.uri(), e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asString()
                    : "HTTP " + response.statusCode() + " from " + request.method() + " " + request.uri();
            throw new ApiException(response.statusCode(), body, detail);
        }
        return body;
    }

    private ServiceUnreachableException unreachable(HttpRequest request, IOException e) {
        return new ServiceUnreachableException("The producer service at " + baseUrl + " is unreachable ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "): start it with ./jobs producer, or pass --url", e);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MessageCodec.mapper().readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }
}
