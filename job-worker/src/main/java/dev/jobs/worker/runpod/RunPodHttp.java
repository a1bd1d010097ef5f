package dev.jobs.worker.runpod;

import dev.jobs.api.message.MessageCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP call to RunPod's serverless API and the parsing of its response, without retries: HTTP codes become
 * {@link RunPodUnavailableException} (429, 5xx, I/O errors, timeouts, responses that are not RunPod's JSON),
 * {@link RunPodJobNotFoundException} (404) or {@link RunPodAuthenticationException} (401, 403).
 *
 * <p>No message built here contains the API key: RunPod's bodies are quoted only after the key is masked.
 */
final class RunPodHttp {

    private static final int MAX_QUOTED_BODY = 200;

    private final RunPodSettings settings;
    private final HttpClient http;

    RunPodHttp(RunPodSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    RunPodJobStatus get(String endpointId, String runpodJobId, String operation) {
        HttpRequest request = request(endpointId, runpodJobId, operation).GET().build();
        return parseStatus(send(request, operation, runpodJobId), runpodJobId);
    }

    RunPodJobStatus post(String endpointId, String runpodJobId, String operation) {
        HttpRequest request = request(endpointId, runpodJobId, operation).POST(HttpRequest.BodyPublishers.noBody()).build();
        return parseStatus(send(request, operation, runpodJobId), runpodJobId);
    }

    private HttpRequest.Builder request(String endpointId, String runpodJobId, String operation) {
        URI uri = settings.baseUrl().resolve("/v2/" + endpointId + "/" + operation + "/" + runpodJobId);
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
            // The exception's own text names only the host and the kind of failure.
            throw new RunPodUnavailableException("RunPod " + operation + " call for job " + runpodJobId + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunPodUnavailableException("Interrupted during the RunPod " + operation + " call for job " + runpodJobId, e);
        }
        int code = response.statusCode();
        if (code == 200) {
            return response.body();
        }
        if (code == 401 || code == 403) {
            throw new RunPodAuthenticationException("RunPod rejected the API key (HTTP " + code + "): check RUNPOD_API_KEY"
                    + " or RUNPOD_API_KEY_FILE, and that the key may read endpoint " + request.uri().getPath().split("/")[2]);
        }
        if (code == 404) {
            throw new RunPodJobNotFoundException("RunPod responded 404 for job " + runpodJobId + ": " + quote(response.body()));
        }
        if (code == 429) {
            Duration retryAfter = retryAfter(response).orElse(null);
            throw new RunPodUnavailableException("RunPod rate-limited the " + operation + " call for job " + runpodJobId
                    + " (HTTP 429" + (retryAfter == null ? "" : ", Retry-After " + retryAfter.toSeconds() + " s") + ")",
                    retryAfter, true, null);
        }
        if (code >= 500) {
            throw new RunPodUnavailableException("RunPod " + operation + " call for job " + runpodJobId + " failed with HTTP "
                    + code + ": " + quote(response.body()), retryAfter(response).orElse(null), false, null);
        }
        throw new RunPodUnavailableException("RunPod " + operation + " call for job " + runpodJobId
                + " returned the unexpected HTTP " + code + ": " + quote(response.body()));
    }

    /** Reads {@code Retry-After} in seconds; the HTTP-date form is rare for APIs and read as absent. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.trim().matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value.trim())));
    }

    private RunPodJobStatus parseStatus(String body, String runpodJobId) {
        try {
            JsonNode tree = MessageCodec.mapper().readTree(body);
            String status = tree == null ? null : tree.path("status").asString(null);
            if (status == null) {
                throw new RunPodUnavailableException("RunPod response for job " + runpodJobId + " has no status: " + quote(body));
            }
            JsonNode error = tree.get("error");
            return new RunPodJobStatus(
                    tree.path("id").asString(runpodJobId),
                    status,
                    tree.hasNonNull("delayTime") ? tree.get("delayTime").asLong() : null,
                    tree.hasNonNull("executionTime") ? tree.get("executionTime").asLong() : null,
                    tree.get("output"),
                    error == null || error.isNull() ? null : error.isString() ? error.asString() : error.toString(),
                    tree.hasNonNull("workerId") ? tree.get("workerId").asString() : null,
                    tree.hasNonNull("retries") ? tree.get("retries").asInt() : null);
        } catch (JacksonException e) {
            throw new RunPodUnavailableException("RunPod response for job " + runpodJobId + " is not JSON: " + quote(body), e);
        }
    }

    private String quote(String text) {
        if (text == null) {
            return "(no body)";
        }
        String masked = settings.apiKey() == null || settings.apiKey().isEmpty() ? text : text.replace(settings.apiKey(), "***");
        String oneLine = masked.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_QUOTED_BODY ? oneLine : oneLine.substring(0, MAX_QUOTED_BODY) + "…";
    }
}
