package dev.jobs.runpod.simulator;

import dev.jobs.runpod.simulator.fault.RateLimits;
import dev.jobs.runpod.simulator.job.JobLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings of one simulator instance.
 *
 * @param port the TCP port to listen on, 0 to pick any free port
 * @param apiKey the API key that clients must send, either as {@code Bearer <key>} or bare
 * @param defaultScenario the scenario of jobs for which neither a script nor the request names one
 * @param seed the seed of the random source for job and worker ids
 * @param resultRetention how long a job submitted with {@code /run} stays visible after it has ended, after which
 *     requests for it get 404
 * @param syncResultRetention the same for {@code /runsync} jobs
 * @param defaultTtl how long a job may exist from its creation, even mid-run, unless its request sets
 *     {@code policy.ttl}; {@code null} for no limit
 * @param defaultExecutionTimeout how long a job may run unless its request sets {@code policy.executionTimeout};
 *     {@code null} for no limit. RunPod's endpoints default to 10 minutes, but the simulator sets none unless
 *     asked, because its scenarios often run forever on purpose.
 * @param rateLimits requests allowed per endpoint and window before a 429 response
 */
public record SimulatorSettings(
        int port, String apiKey, Scenario defaultScenario, long seed, Duration resultRetention,
        Duration syncResultRetention, Duration defaultTtl, Duration defaultExecutionTimeout, RateLimits rateLimits) {

    /** Port used by {@link #fromEnvironment} when {@code SIMULATOR_PORT} is not set. */
    public static final int DEFAULT_PORT = 8089;

    /** API key used when none is configured. */
    public static final String DEFAULT_API_KEY = "sim-key";

    /** Seed used when none is configured. */
    public static final long DEFAULT_SEED = 42;

    /** Result retention used when none is configured, as RunPod keeps {@code /run} results. */
    public static final Duration DEFAULT_RESULT_RETENTION = Duration.ofMinutes(30);

    /** Result retention of {@code /runsync} jobs used when none is configured, as RunPod keeps them. */
    public static final Duration DEFAULT_SYNC_RESULT_RETENTION = Duration.ofMinutes(1);

    /** Job ttl used when none is configured, RunPod's default. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private static final int MAX_PORT = 65_535;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range or missing
     */
    public SimulatorSettings {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("Invalid port " + port + "; allowed range is 0 to " + MAX_PORT);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        Objects.requireNonNull(defaultScenario, "defaultScenario must not be null");
        Objects.requireNonNull(resultRetention, "resultRetention must not be null");
        if (resultRetention.isZero() || resultRetention.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid resultRetention " + resultRetention + "; it must be more than zero");
        }
        syncResultRetention = syncResultRetention == null ? DEFAULT_SYNC_RESULT_RETENTION : syncResultRetention;
        rateLimits = rateLimits == null ? RateLimits.RUNPOD : rateLimits;
    }

    /** Creates settings with RunPod's ttl, rate limits and {@code /runsync} retention, and no execution timeout. */
    public SimulatorSettings(int port, String apiKey, Scenario defaultScenario, long seed, Duration resultRetention) {
        this(port, apiKey, defaultScenario, seed, resultRetention, DEFAULT_SYNC_RESULT_RETENTION, DEFAULT_TTL, null,
                RateLimits.RUNPOD);
    }

    /** Returns these settings with other rate limits, such as lower ones for a test. */
    public SimulatorSettings withRateLimits(RateLimits limits) {
        return new SimulatorSettings(port, apiKey, defaultScenario, seed, resultRetention, syncResultRetention,
                defaultTtl, defaultExecutionTimeout, limits);
    }

    /** Returns these settings with other retention times for {@code /run} and {@code /runsync} results. */
    public SimulatorSettings withRetention(Duration run, Duration runSync) {
        return new SimulatorSettings(port, apiKey, defaultScenario, seed, run, runSync, defaultTtl,
                defaultExecutionTimeout, rateLimits);
    }

    /** Returns these settings with another default ttl and execution timeout, either {@code null} for none. */
    public SimulatorSettings withJobLimits(Duration ttl, Duration executionTimeout) {
        return new SimulatorSettings(port, apiKey, defaultScenario, seed, resultRetention, syncResultRetention, ttl,
                executionTimeout, rateLimits);
    }

    /** Returns the limits that apply to every job. */
    public JobLimits jobLimits() {
        return new JobLimits(resultRetention, syncResultRetention, defaultTtl, defaultExecutionTimeout);
    }

    /**
     * Returns settings for tests: any free port, key {@code sim-key}, seed 42, 30 minutes of result retention
     * and a default scenario of 2 s in the queue and 5 s running, then {@code COMPLETED} with output
     * {@code {"message":"done"}}.
     */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(0, DEFAULT_API_KEY, standardScenario(), DEFAULT_SEED, DEFAULT_RESULT_RETENTION);
    }

    /**
     * Reads settings from environment variables, using the value of {@link #defaults()} for each one that is
     * unset or blank, except that the port defaults to {@value #DEFAULT_PORT}.
     *
     * <ul>
     *   <li>{@code SIMULATOR_PORT}: TCP port, 0 to 65535
     *   <li>{@code RUNPOD_API_KEY}: API key that clients must send
     *   <li>{@code SIMULATOR_SEED}: seed for ids, any 64-bit integer
     *   <li>{@code SIMULATOR_RESULT_RETENTION_MS}: result retention in milliseconds, 1 or more
     *   <li>{@code SIMULATOR_TTL_MS}: default job ttl in milliseconds, 0 for none, default 24 h
     *   <li>{@code SIMULATOR_EXECUTION_TIMEOUT_MS}: default execution timeout in milliseconds, 0 for none (the
     *       default)
     *   <li>{@code SIMULATOR_STATUS_LIMIT}: {@code /status} requests per endpoint and 10 s, default 2000
     *   <li>{@code SIMULATOR_RETRY_AFTER_S}: {@code Retry-After} seconds of a 429 response, unset for none
     * </ul>
     *
     * @throws IllegalArgumentException if a value is invalid, with a message naming the variable, the value and
     *     the allowed range
     */
    public static SimulatorSettings fromEnvironment(Map<String, String> env) {
        int port = (int) readLong(env, "SIMULATOR_PORT", DEFAULT_PORT, 0, MAX_PORT);
        String apiKey = readString(env, "RUNPOD_API_KEY", DEFAULT_API_KEY);
        long seed = readLong(env, "SIMULATOR_SEED", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        long retentionMillis = readLong(
                env, "SIMULATOR_RESULT_RETENTION_MS", DEFAULT_RESULT_RETENTION.toMillis(), 1, Long.MAX_VALUE);
        long ttlMillis = readLong(env, "SIMULATOR_TTL_MS", DEFAULT_TTL.toMillis(), 0, Long.MAX_VALUE);
        long timeoutMillis = readLong(env, "SIMULATOR_EXECUTION_TIMEOUT_MS", 0, 0, Long.MAX_VALUE);
        int statusLimit = (int) readLong(env, "SIMULATOR_STATUS_LIMIT", RateLimits.RUNPOD.status(), 1, Integer.MAX_VALUE);
        long retryAfter = readLong(env, "SIMULATOR_RETRY_AFTER_S", -1, 0, 86_400);
        RateLimits limits = RateLimits.RUNPOD.withStatus(statusLimit, retryAfter < 0 ? null : (int) retryAfter);
        return new SimulatorSettings(port, apiKey, standardScenario(), seed, Duration.ofMillis(retentionMillis),
                DEFAULT_SYNC_RESULT_RETENTION, ttlMillis == 0 ? null : Duration.ofMillis(ttlMillis),
                timeoutMillis == 0 ? null : Duration.ofMillis(timeoutMillis), limits);
    }

    private static Scenario standardScenario() {
        ObjectNode output = JsonNodeFactory.instance.objectNode().put("message", "done");
        return Scenario.completes(Duration.ofSeconds(2), Duration.ofSeconds(5), output);
    }

    // Blank counts as unset because container tools often pass "VAR=" for a variable that has no value.
    private static String readString(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    private static long readLong(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalidValueMessage(name, value, min, max), e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(invalidValueMessage(name, value, min, max));
        }
        return parsed;
    }

    private static String invalidValueMessage(String name, String value, long min, long max) {
        return "Invalid " + name + " '" + value + "': expected an integer from " + min + " to " + max;
    }
}
