package dev.jobs.store.job;

import dev.jobs.api.JobStatus;

/**
 * The terminal change of a job row.
 *
 * @param status       completed, failed or cancelled
 * @param result       JSON text of the result, or {@code null}
 * @param error        the error, or {@code null}
 * @param runpodStatus the last RunPod status seen, or {@code null} to keep the stored one
 */
public record Outcome(JobStatus status, String result, String error, String runpodStatus) {

    public Outcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("An outcome needs a terminal status, got " + status);
        }
    }
}
