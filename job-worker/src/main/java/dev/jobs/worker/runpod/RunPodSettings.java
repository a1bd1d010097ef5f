package dev.jobs.worker.runpod;

import dev.jobs.api.config.EnvironmentReader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * How to reach RunPod and how to watch its jobs. The key is a secret: {@link #toString()} never includes it.
 *
 * @param apiKey               {@code RUNPOD_API_KEY}, or the content of the file named by {@code RUNPOD_API_KEY_FILE};
 *                             one of them is required
 * @param baseUrl              {@code RUNPOD_BASE_URL}, default {@code https://api.runpod.ai}; the simulator's URL in
 *                             tests and demos, with the same code path
 * @param requestTimeout       {@code RUNPOD_REQUEST_TIMEOUT_MS}, default 10000, 100 to 120000: the whole answer
 * @param connectTimeout       {@code RUNPOD_CONNECT_TIMEOUT_MS}, default 5000, 100 to 60000
 * @param pollMin              {@code RUNPOD_POLL_MIN_MS}, default 2000: the first check interval of a job
 * @param pollMax              {@code RUNPOD_POLL_MAX_MS}, default 60000: the longest check interval, further capped
 *                             by each job's own poll interval
 * @param failOnMissingOutput  {@code RUNPOD_FAIL_ON_MISSING_OUTPUT}, default false: whether {@code COMPLETED}
 *                             without output fails the job instead of completing it with {@code outputMissing}
 * @param notFoundGrace        {@code RUNPOD_NOT_FOUND_GRACE_MS}, default 30000: how long after a job's start a 404
 *                             for a RunPod job never seen is taken as "not visible yet" and checked again
 * @param circuitOpenWait      {@code RUNPOD_CIRCUIT_OPEN_MS}, default 30000: how long the circuit breaker stays open
 *                             before it lets trial calls through
 * @param statusCallsPerSecond {@code RUNPOD_STATUS_CALLS_PER_SECOND}, default 100, shared by every monitor of one
 *                             key in this process; RunPod allows 2000 per 10 s per user and endpoint, so the
 *                             default leaves room for a second worker process
 * @param cancelCallsPerSecond {@code RUNPOD_CANCEL_CALLS_PER_SECOND}, default 5; RunPod allows 100 per 10 s
 */
public record RunPodSettings(String apiKey, URI baseUrl, Duration requestTimeout, Duration connectTimeout,
                             Duration pollMin, Duration pollMax, boolean failOnMissingOutput, Duration notFoundGrace,
                             Duration circuitOpenWait, int statusCallsPerSecond, int cancelCallsPerSecond) {

    public static final String DEFAULT_BASE_URL = "https://api.runpod.ai";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POLL_MIN = Duration.ofSeconds(2);
    public static final Duration DEFAULT_POLL_MAX = Duration.ofSeconds(60);
    public static final Duration DEFAULT_NOT_FOUND_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CIRCUIT_OPEN_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_STATUS_CALLS_PER_SECOND = 100;
    public static final int DEFAULT_CANCEL_CALLS_PER_SECOND = 5;

    /** Settings with the defaults above for everything but the key, the URL and the request timeout. */
    public RunPodSettings(String apiKey, URI baseUrl, Duration requestTimeout) {
        this(apiKey, baseUrl, requestTimeout, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POLL_MIN, DEFAULT_POLL_MAX, false,
                DEFAULT_NOT_FOUND_GRACE, DEFAULT_CIRCUIT_OPEN_WAIT, DEFAULT_STATUS_CALLS_PER_SECOND,
                DEFAULT_CANCEL_CALLS_PER_SECOND);
    }

    public static RunPodSettings fromEnvironment(Function<String, String> lookup) {
        EnvironmentReader reader = new EnvironmentReader(lookup);
        String apiKey = readApiKey(reader, lookup);
        String base = reader.readString("RUNPOD_BASE_URL", DEFAULT_BASE_URL, "https?://[^\\s@]+",
                "use an http or https URL without credentials, such as " + DEFAULT_BASE_URL);
        long timeoutMs = reader.readLong("RUNPOD_REQUEST_TIMEOUT_MS", 10_000, 100, 120_000);
        long connectMs = reader.readLong("RUNPOD_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT.toMillis(), 100, 60_000);
        long pollMinMs = reader.readLong("RUNPOD_POLL_MIN_MS", DEFAULT_POLL_MIN.toMillis(), 100, 3_600_000);
        long pollMaxMs = reader.readLong("RUNPOD_POLL_MAX_MS", DEFAULT_POLL_MAX.toMillis(), 100, 3_600_000);
        if (pollMaxMs < pollMinMs) {
            reader.addViolation("RUNPOD_POLL_MAX_MS=" + pollMaxMs + " is below RUNPOD_POLL_MIN_MS=" + pollMinMs
                    + ": set the maximum to at least the minimum");
        }
        boolean failOnMissing = Boolean.parseBoolean(reader.readString("RUNPOD_FAIL_ON_MISSING_OUTPUT", "false",
                "(?i)true|false", "use true or false"));
        long graceMs = reader.readLong("RUNPOD_NOT_FOUND_GRACE_MS", DEFAULT_NOT_FOUND_GRACE.toMillis(), 0, 3_600_000);
        long openMs = reader.readLong("RUNPOD_CIRCUIT_OPEN_MS", DEFAULT_CIRCUIT_OPEN_WAIT.toMillis(), 100, 3_600_000);
        long statusRate = reader.readLong("RUNPOD_STATUS_CALLS_PER_SECOND", DEFAULT_STATUS_CALLS_PER_SECOND, 1, 1_000_000);
        long cancelRate = reader.readLong("RUNPOD_CANCEL_CALLS_PER_SECOND", DEFAULT_CANCEL_CALLS_PER_SECOND, 1, 1_000_000);
        reader.throwIfInvalid();
        return new RunPodSettings(apiKey, URI.create(base.replaceAll("/+$", "")), Duration.ofMillis(timeoutMs),
                Duration.ofMillis(connectMs), Duration.ofMillis(pollMinMs), Duration.ofMillis(pollMaxMs), failOnMissing,
                Duration.ofMillis(graceMs), Duration.ofMillis(openMs), (int) statusRate, (int) cancelRate);
    }

    /** Returns these settings with other poll bounds. */
    public RunPodSettings withPolling(Duration min, Duration max) {
        return new RunPodSettings(apiKey, baseUrl, requestTimeout, connectTimeout, min, max, failOnMissingOutput,
                notFoundGrace, circuitOpenWait, statusCallsPerSecond, cancelCallsPerSecond);
    }

    /** Returns these settings with another circuit-breaker wait and other per-process call rates. */
    public RunPodSettings withLimits(Duration openWait, int statusPerSecond, int cancelPerSecond) {
        return new RunPodSettings(apiKey, baseUrl, requestTimeout, connectTimeout, pollMin, pollMax,
                failOnMissingOutput, notFoundGrace, openWait, statusPerSecond, cancelPerSecond);
    }

    /** Returns these settings with another choice for {@code COMPLETED} without output. */
    public RunPodSettings withFailOnMissingOutput(boolean fail) {
        return new RunPodSettings(apiKey, baseUrl, requestTimeout, connectTimeout, pollMin, pollMax, fail,
                notFoundGrace, circuitOpenWait, statusCallsPerSecond, cancelCallsPerSecond);
    }

    private static String readApiKey(EnvironmentReader reader, Function<String, String> lookup) {
        String apiKey = reader.readSecret("RUNPOD_API_KEY", null);
        String file = lookup.apply("RUNPOD_API_KEY_FILE");
        if (apiKey == null && file != null && !file.isBlank()) {
            try {
                apiKey = Files.readString(Path.of(file.trim())).trim();
            } catch (IOException e) {
                // The exception names only the path, never the content.
                reader.addViolation("RUNPOD_API_KEY_FILE=" + file.trim() + " cannot be read (" + e.getClass().getSimpleName()
                        + "): point it at a readable file that holds the key");
                return null;
            }
            if (apiKey.isEmpty()) {
                reader.addViolation("RUNPOD_API_KEY_FILE=" + file.trim() + " is empty: put the RunPod API key in it");
                return null;
            }
        }
        if (apiKey == null) {
            reader.addViolation("RUNPOD_API_KEY is missing: set it, or RUNPOD_API_KEY_FILE, to your RunPod API key"
                    + " (the bundled simulator accepts the key it was started with, sim-key by default)");
        }
        return apiKey;
    }

    @Override
    public String toString() {
        return "RunPodSettings[baseUrl=" + baseUrl + ", requestTimeout=" + requestTimeout + ", connectTimeout="
                + connectTimeout + ", poll=" + pollMin + ".." + pollMax + ", failOnMissingOutput=" + failOnMissingOutput
                + ", notFoundGrace=" + notFoundGrace + ", circuitOpenWait=" + circuitOpenWait + ", statusCallsPerSecond="
                + statusCallsPerSecond + ", cancelCallsPerSecond=" + cancelCallsPerSecond + ", apiKey=***]";
    }
}
