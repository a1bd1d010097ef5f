package dev.jobs.store.job;

import java.time.Duration;
import java.util.UUID;

/** What a producer stores for a new job, its options already resolved against the defaults. */
public record NewJob(
        UUID id,
        String type,
        String payload,
        int maxAttempts,
        Duration retryDelay,
        Duration timeout,
        Duration pollInterval,
        String runpodJobId,
        String idempotencyKey) {
}
