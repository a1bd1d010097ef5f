package dev.jobs.worker.handler;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What a handler knows about the job it runs.
 *
 * @param attempt      the attempt of the current step, starting at 1
 * @param maxAttempts  1 plus the retries allowed
 * @param checks       how many checks already finished, for monitoring handlers
 * @param pollInterval the job's delay between checks
 * @param runpodStatus the remote status seen at the last check, or {@code null}
 */
public record JobContext(
        UUID jobId,
        String type,
        JsonNode payload,
        int attempt,
        int maxAttempts,
        int checks,
        Instant startedAt,
        Instant deadlineAt,
        Duration pollInterval,
        String runpodStatus) {
}
