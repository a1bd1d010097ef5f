package dev.jobs.runpod.simulator.job;

import tools.jackson.databind.JsonNode;

/**
 * State of one job at one instant, with the fields of RunPod's status response.
 *
 * @param id the job id
 * @param status the status at that instant
 * @param delayMillis time spent in the queue, or {@code null} while the job is still {@code IN_QUEUE}
 * @param executionMillis time spent running, or {@code null} until the job has ended
 * @param workerId the id of the worker that picked the job up, or {@code null} if no worker has yet
 * @param output the output if the job is {@code COMPLETED} and has one, the latest progress update while it is
 *     {@code IN_PROGRESS}, else {@code null}
 * @param error the error message if the job is {@code FAILED} and has one, else {@code null}
 */
public record JobView(
        String id,
        JobStatus status,
        Long delayMillis,
        Long executionMillis,
        String workerId,
        JsonNode output,
        String error) {
}
