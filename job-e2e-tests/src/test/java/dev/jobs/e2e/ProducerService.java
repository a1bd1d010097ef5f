package dev.jobs.e2e;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.producer.service.ProducerApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The producer HTTP service started on a free port for one test class, on the stack's database and prefix. */
final class ProducerService implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final URI baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private String apiKey;

    ProducerService(TestStack stack, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>(stack.connectionProperties());
        properties.put("server.port", "0");
        properties.putAll(extraProperties);
        context = ProducerApplication.start(properties);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        baseUrl = URI.create("http://127.0.0.1:" + port);
    }

    /** Sends this key as a bearer token with every later request; {@code null} sends none. */
    ProducerService withApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String jsonBody) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        return send(builder);
    }

    HttpResponse<String> postEmpty(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    /** Submits a training monitor over HTTP and returns its id; without a worker the job stays pending. */
    String submitMonitor(String runpodJobId) {
        HttpResponse<String> response = post("/jobs", "{\"type\":\"monitor-training-status\",\"payload\":"
                + "{\"runpodJobId\":\"" + runpodJobId + "\",\"endpointId\":\"e\"}}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Submit failed with " + response.statusCode() + ": " + response.body());
        }
        return json(response).path("id").asString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return MessageCodec.mapper().readTree(response.body());
    }

    @Override
    public void close() {
        context.close();
    }
}
