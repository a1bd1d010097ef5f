package dev.jobs.worker.runpod;

import tools.jackson.databind.JsonNode;

/**
 * RunPod's answer to {@code GET /v2/{endpointId}/status/{id}}.
 *
 * @param delayTime     milliseconds the job waited in the queue, or {@code null} while unknown
 * @param executionTime milliseconds the job ran, or {@code null} while unknown
 * @param output        the handler's output when completed, or {@code null}
 * @param error         RunPod's error text when failed, or {@code null}; sometimes JSON text
 */
public record RunPodJobStatus(String id, String status, Long delayTime, Long executionTime, JsonNode output, String error) {

    /** Statuses RunPod documents as in flight; {@code RUNNING} is documented but reported never to be sent. */
    public boolean isInFlight() {
        return "IN_QUEUE".equals(status) || "IN_PROGRESS".equals(status) || "RUNNING".equals(status);
    }

    public boolean isCompleted() {
        return "COMPLETED".equals(status);
    }

    /** {@code FAILED}, {@code CANCELLED} and {@code TIMED_OUT}: the remote job ended without a result. */
    public boolean isUnsuccessfulEnd() {
        return "FAILED".equals(status) || "CANCELLED".equals(status) || "TIMED_OUT".equals(status);
    }
}
