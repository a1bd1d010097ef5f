package dev.jobs.api.message;

import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * The message on the work exchange that asks a worker to run, or check again, one job.
 *
 * @param schemaVersion format version, currently {@value #SCHEMA_VERSION}
 * @param jobId         the job row's id
 * @param type          the job type, also the routing key
 * @param payload       the job's input, a JSON object
 * @param check         number of checks already done when this message was published; a worker drops a
 *                      message whose number is behind the row's, so a duplicated message cannot start a
 *                      second chain of checks. Producers send 0.
 */
public record JobMessage(int schemaVersion, UUID jobId, String type, JsonNode payload, int check) {

    public static final int SCHEMA_VERSION = 1;

    public static JobMessage first(UUID jobId, String type, JsonNode payload) {
        return new JobMessage(SCHEMA_VERSION, jobId, type, payload, 0);
    }

    public JobMessage nextCheck(int checksDone) {
        return new JobMessage(SCHEMA_VERSION, jobId, type, payload, checksDone);
    }
}
