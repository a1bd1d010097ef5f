package dev.jobs.api.config;

import dev.jobs.api.InvalidJobException;

import java.time.Duration;
import java.util.function.Function;

/**
 * Job defaults and naming shared by producers and workers.
 *
 * @param retryAttempts retries after the first failure ({@code JOB_RETRY_ATTEMPTS}, default 3, 0 to 100)
 * @param retryDelay    base delay before the first retry, doubled for each further retry and jittered
 *                      ({@code JOB_RETRY_DELAY_MS}, default 60000, 0 to 604800000)
 * @param timeout       limit from a job's start to its end ({@code JOB_TIMEOUT_MS}, default 3600000,
 *                      1000 to 2592000000, that is 30 days)
 * @param pollInterval  delay between two checks of a monitored job ({@code JOB_POLL_INTERVAL_MS},
 *                      default 30000, 100 to 86400000)
 * @param prefix        prefix of every exchange and queue name ({@code JOB_PREFIX}, default {@code jobs})
 */
public record JobSettings(int retryAttempts, Duration retryDelay, Duration timeout, Duration pollInterval, String prefix) {

    public static final int DEFAULT_RETRY_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(60_000);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(3_600_000);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(30_000);
    public static final String DEFAULT_PREFIX = "jobs";

    public static final int MAX_RETRY_ATTEMPTS = 100;

    /**
     * Returns a job's retry count option as an int.
     *
     * @throws InvalidJobException naming {@code field} and the value, when the value is outside 0 to
     *                             {@link #MAX_RETRY_ATTEMPTS}
     */
    public static int retryAttemptsOption(String field, long value) {
        if (value < 0 || value > MAX_RETRY_ATTEMPTS) {
            throw new InvalidJobException(field, field + " is " + value + ": allowed 0 to " + MAX_RETRY_ATTEMPTS);
        }
        return (int) value;
    }
    public static final Duration MAX_RETRY_DELAY = Duration.ofDays(7);
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_TIMEOUT = Duration.ofDays(30);
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_POLL_INTERVAL = Duration.ofDays(1);

    /** Lower-case letters, digits, dots, dashes and underscores; it starts every AMQP name. */
    public static final String PREFIX_PATTERN = "[a-z0-9][a-z0-9._-]{0,59}";

    public static JobSettings defaults() {
        return new JobSettings(DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_DELAY, DEFAULT_TIMEOUT, DEFAULT_POLL_INTERVAL, DEFAULT_PREFIX);
    }

    /**
     * Reads the settings from environment variables, or from Spring properties of the same names.
     *
     * @throws InvalidSettingsException listing every invalid variable with its value and allowed range
     */
    public static JobSettings fromEnvironment(Function<String, String> lookup) {
        EnvironmentReader reader = new EnvironmentReader(lookup);
        JobSettings settings = read(reader);
        reader.throwIfInvalid();
        return settings;
    }

    static JobSettings read(EnvironmentReader reader) {
        int retryAttempts = (int) reader.readLong("JOB_RETRY_ATTEMPTS", DEFAULT_RETRY_ATTEMPTS, 0, MAX_RETRY_ATTEMPTS);
        long retryDelayMs = reader.readLong("JOB_RETRY_DELAY_MS", DEFAULT_RETRY_DELAY.toMillis(), 0, MAX_RETRY_DELAY.toMillis());
        long timeoutMs = reader.readLong("JOB_TIMEOUT_MS", DEFAULT_TIMEOUT.toMillis(), MIN_TIMEOUT.toMillis(), MAX_TIMEOUT.toMillis());
        long pollMs = reader.readLong("JOB_POLL_INTERVAL_MS", DEFAULT_POLL_INTERVAL.toMillis(),
                MIN_POLL_INTERVAL.toMillis(), MAX_POLL_INTERVAL.toMillis());
        String prefix = reader.readString("JOB_PREFIX", DEFAULT_PREFIX, PREFIX_PATTERN,
                "use 1 to 60 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit");
        return new JobSettings(retryAttempts, Duration.ofMillis(retryDelayMs), Duration.ofMillis(timeoutMs),
                Duration.ofMillis(pollMs), prefix);
    }
}
