package dev.jobs.api;

import java.time.Duration;

/**
 * Per-job overrides of the configured defaults. A {@code null} field means "use the default".
 *
 * @param retryAttempts  retries after the first failure, 0 to 100
 * @param retryDelay     base delay before the first retry, doubled for each further retry
 * @param timeout        limit from the job's start to its end
 * @param pollInterval   delay between two checks of a monitored job
 * @param idempotencyKey a second submit with the same key returns the first job
 */
public record JobOptions(
        Integer retryAttempts,
        Duration retryDelay,
        Duration timeout,
        Duration pollInterval,
        String idempotencyKey) {

    public static JobOptions defaults() {
        return new JobOptions(null, null, null, null, null);
    }

    public JobOptions withTimeout(Duration value) {
        return new JobOptions(retryAttempts, retryDelay, value, pollInterval, idempotencyKey);
    }

    public JobOptions withPollInterval(Duration value) {
        return new JobOptions(retryAttempts, retryDelay, timeout, value, idempotencyKey);
    }

    public JobOptions withRetryAttempts(Integer value) {
        return new JobOptions(value, retryDelay, timeout, pollInterval, idempotencyKey);
    }

    public JobOptions withRetryDelay(Duration value) {
        return new JobOptions(retryAttempts, value, timeout, pollInterval, idempotencyKey);
    }

    public JobOptions withIdempotencyKey(String value) {
        return new JobOptions(retryAttempts, retryDelay, timeout, pollInterval, value);
    }
}
