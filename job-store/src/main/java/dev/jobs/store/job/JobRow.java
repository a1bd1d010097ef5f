package dev.jobs.store.job;

import dev.jobs.api.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the {@code jobs} table. JSON columns are kept as JSON text.
 *
 * @param attempt     the attempt of the current step, starting at 1 once the job runs; a successful check
 *                    starts the next step at 1 again
 * @param maxAttempts 1 plus the retries allowed after the first failure
 * @param checks      how many checks of a monitored job have finished
 * @param progress    JSON text of what a monitored job last reported while running, or {@code null}
 * @param checkInterval the delay chosen after the last check, or {@code null}
 * @param attemptErrors JSON array text of every failed attempt: {@code [{"attempt", "error", "at"}]}
 * @param run         which run this is, starting at 1; a retry through the API starts the next run
 * @param runAt       the job does not start before this time, or {@code null}
 * @param remoteCancelledAt when the remote work of a cancelled job was cancelled too, or {@code null}
 */
public record JobRow(
        UUID id,
        String type,
        JobStatus status,
        String payload,
        String result,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Instant updatedAt,
        int attempt,
        int maxAttempts,
        Duration retryDelay,
        Duration timeout,
        Duration pollInterval,
        Instant deadlineAt,
        Instant nextCheckAt,
        int checks,
        String lastError,
        String runpodJobId,
        String runpodStatus,
        String idempotencyKey,
        String progress,
        Duration checkInterval,
        String attemptErrors,
        int run,
        Instant runAt,
        Instant remoteCancelledAt) {

    /** The run of a new job, which the {@code run} column's default gives every inserted row. */
    public static final int FIRST_RUN = 1;
}
