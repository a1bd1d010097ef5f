package dev.jobs.producer.client;

import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.store.job.JobRow;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as clients see it.
 *
 * @param attempt      the attempt of the current step, starting at 1 once the job runs
 * @param checks       checks of a monitored job done so far
 * @param runpodStatus the RunPod status seen at the last check, for training monitors
 * @param run          which run of the job this is, starting at 1; a retry starts the next one
 * @param progress     what a monitored job last reported while running
 * @param attemptErrors every failed attempt's error, and the end of every earlier run
 */
public record JobView(
        UUID id,
        String type,
        JobStatus status,
        JsonNode payload,
        JsonNode result,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        int attempt,
        int maxAttempts,
        long timeoutMs,
        long pollIntervalMs,
        int checks,
        Instant nextCheckAt,
        String lastError,
        String runpodJobId,
        String runpodStatus,
        String idempotencyKey,
        int run,
        Instant runAt,
        JsonNode progress,
        Long checkIntervalMs,
        JsonNode attemptErrors) {

    public static JobView of(JobRow row) {
        return new JobView(row.id(), row.type(), row.status(), json(row.payload()), json(row.result()), row.error(),
                row.createdAt(), row.startedAt(), row.completedAt(), row.attempt(), row.maxAttempts(),
                row.timeout().toMillis(), row.pollInterval().toMillis(), row.checks(), row.nextCheckAt(), row.lastError(),
                row.runpodJobId(), row.runpodStatus(), row.idempotencyKey(), row.run(), row.runAt(), json(row.progress()),
                row.checkInterval() == null ? null : row.checkInterval().toMillis(), json(row.attemptErrors()));
    }

    private static JsonNode json(String text) {
        return text == null ? null : MessageCodec.mapper().readTree(text);
    }
}
