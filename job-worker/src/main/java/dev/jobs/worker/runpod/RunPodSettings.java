package dev.jobs.worker.runpod;

import dev.jobs.api.config.EnvironmentReader;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * How to reach RunPod. The key is a secret: {@link #toString()} never includes it.
 *
 * @param apiKey         {@code RUNPOD_API_KEY}, required
 * @param baseUrl        {@code RUNPOD_BASE_URL}, default {@code https://api.runpod.ai}; the simulator's URL in
 *                       tests and demos, with the same code path
 * @param requestTimeout {@code RUNPOD_REQUEST_TIMEOUT_MS}, default 10000, 100 to 120000
 */
public record RunPodSettings(String apiKey, URI baseUrl, Duration requestTimeout) {

    public static final String DEFAULT_BASE_URL = "https://api.runpod.ai";

    public static RunPodSettings fromEnvironment(Function<String, String> lookup) {
        EnvironmentReader reader = new EnvironmentReader(lookup);
        String apiKey = reader.readSecret("RUNPOD_API_KEY", null);
        if (apiKey == null) {
            reader.addViolation("RUNPOD_API_KEY is missing: set it to your RunPod API key"
                    + " (the bundled simulator accepts the key it was started with, sim-key by default)");
        }
        String base = reader.readString("RUNPOD_BASE_URL", DEFAULT_BASE_URL, "https?://[^\\s@]+",
                "use an http or https URL without credentials, such as " + DEFAULT_BASE_URL);
        long timeoutMs = reader.readLong("RUNPOD_REQUEST_TIMEOUT_MS", 10_000, 100, 120_000);
        reader.throwIfInvalid();
        return new RunPodSettings(apiKey, URI.create(base.replaceAll("/+$", "")), Duration.ofMillis(timeoutMs));
    }

    @Override
    public String toString() {
        return "RunPodSettings[baseUrl=" + baseUrl + ", requestTimeout=" + requestTimeout + ", apiKey=***]";
    }
}
