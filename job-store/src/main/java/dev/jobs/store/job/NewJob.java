package dev.jobs.store.job;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The data a producer stores for a new job, its options already resolved against the defaults; {@code runAt} may be null. */
public record NewJob(
        UUID id,
        String type,
        String payload,
        int maxAttempts,
        Duration retryDelay,
        Duration timeout,
        Duration pollInterval,
        String runpodJobId,
        String idempotencyKey,
        Instant runAt) {
}
