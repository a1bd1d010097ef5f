package dev.jobs.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-job overrides of the configured defaults. A {@code null} field means "use the default".
 *
 * @param retryAttempts  retries after the first failure, 0 to 100
 * @param retryDelay     base delay before the first retry, doubled for each further retry
 * @param timeout        limit from the job's start to its end
 * @param pollInterval   delay between two checks of a monitored job
 * @param idempotencyKey a second submit with the same key returns the first job
 * @param runAt          the job stays pending until this time, at most 45 days ahead
 */
public record JobOptions(
        Integer retryAttempts,
        Duration retryDelay,
        Duration timeout,
        Duration pollInterval,
        String idempotencyKey,
        Instant runAt) {

    public static JobOptions defaults() {
        return new JobOptions(null, null, null, null, null, null);
    }

    public JobOptions withRunAt(Instant value) {
        return new JobOptions(retryAttempts, retryDelay, timeout, pollInterval, idempotencyKey, value);
    }

    public JobOptions withTimeout(Duration value) {
        return new JobOptions(retryAttempts, retryDelay, value, pollInterval, idempotencyKey, runAt);
    }

    public JobOptions withPollInterval(Duration value) {
        return new JobOptions(retryAttempts, retryDelay, timeout, value, idempotencyKey, runAt);
    }

    public JobOptions withRetryAttempts(Integer value) {
        return new JobOptions(value, retryDelay, timeout, pollInterval, idempotencyKey, runAt);
    }

    public JobOptions withRetryDelay(Duration value) {
        return new JobOptions(retryAttempts, value, timeout, pollInterval, idempotencyKey, runAt);
    }

    public JobOptions withIdempotencyKey(String value) {
        return new JobOptions(retryAttempts, retryDelay, timeout, pollInterval, value, runAt);
    }
}
