package dev.jobs.worker.runpod;

import tools.jackson.databind.JsonNode;

import java.util.Set;

/**
 * RunPod's response to {@code GET /v2/{endpointId}/status/{id}} (and, with fewer fields, to {@code cancel}).
 *
 * @param delayTime     milliseconds the job waited in the queue, or {@code null} while unknown
 * @param executionTime milliseconds the job ran, or {@code null} while unknown
 * @param output        the handler's output when completed, the latest progress update while in progress, or
 *                      {@code null}
 * @param error         RunPod's error text when failed, or {@code null}; sometimes JSON text
 * @param workerId      the worker that ran the job, or {@code null}
 * @param retries       how often RunPod retried the job, or {@code null} when not reported
 */
public record RunPodJobStatus(String id, String status, Long delayTime, Long executionTime, JsonNode output,
                              String error, String workerId, Integer retries) {

    /** Statuses after which RunPod's job never changes again. */
    public static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT");

    /** Statuses RunPod documents as in flight; {@code RUNNING} is documented but reported never to be sent. */
    public static final Set<String> KNOWN_IN_FLIGHT = Set.of("IN_QUEUE", "IN_PROGRESS", "RUNNING");

    public RunPodJobStatus(String id, String status, Long delayTime, Long executionTime, JsonNode output, String error) {
        this(id, status, delayTime, executionTime, output, error, null, null);
    }

    /** Returns whether the remote job may still change: the known in-flight statuses and any status not known here. */
    public boolean isInFlight() {
        return !TERMINAL.contains(status);
    }

    public boolean isCompleted() {
        return "COMPLETED".equals(status);
    }

    /** Returns whether {@code output} contains a value: absent and JSON {@code null} count as missing. */
    public boolean hasOutput() {
        return output != null && !output.isNull() && !output.isMissingNode();
    }
}
