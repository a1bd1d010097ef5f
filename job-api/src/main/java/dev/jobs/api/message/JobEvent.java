package dev.jobs.api.message;

import dev.jobs.api.JobStatus;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The message on the events exchange announcing that a job reached a terminal status.
 *
 * @param schemaVersion format version, currently {@value JobMessage#SCHEMA_VERSION}
 * @param eventId       stable for one run of a job and its status, so subscribers drop redelivered copies by id
 * @param jobId         the job's id
 * @param type          the job type
 * @param status        {@code completed}, {@code failed} or {@code cancelled}
 * @param result        the handler's result when completed, otherwise {@code null}
 * @param error         the error when failed or cancelled, otherwise {@code null}
 * @param attempt       the attempt that ended the job, starting at 1
 * @param occurredAt    when the job reached the status
 * @param run           which run of the job ended, starting at 1; a retried job's next run has its own event
 */
public record JobEvent(
        int schemaVersion,
        UUID eventId,
        UUID jobId,
        String type,
        String status,
        JsonNode result,
        String error,
        int attempt,
        Instant occurredAt,
        int run) {

    /** Builds the event of a job's run; {@code run} starts at 1 and grows when a finished job is retried. */
    public static JobEvent of(UUID jobId, int run, String type, JobStatus status, JsonNode result, String error,
                              int attempt, Instant occurredAt) {
        return new JobEvent(JobMessage.SCHEMA_VERSION, eventIdOf(jobId, status, run), jobId, type, status.wireName(),
                result, error, attempt, occurredAt, run);
    }

    /**
     * Derives the event id from the job id, status and run, so a republished event keeps its id while a retried job
     * that ends again gets a new one.
     */
    public static UUID eventIdOf(UUID jobId, JobStatus status, int run) {
        return UUID.nameUUIDFromBytes((jobId + ":" + status.wireName() + ":" + run).getBytes(StandardCharsets.UTF_8));
    }

    public JobStatus jobStatus() {
        return JobStatus.fromWireName(status);
    }
}
