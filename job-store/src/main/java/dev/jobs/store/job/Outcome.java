package dev.jobs.store.job;

import dev.jobs.api.JobStatus;

/**
 * The terminal change of a job row.
 *
 * @param status       completed, failed or cancelled
 * @param result       JSON text of the result, or {@code null}
 * @param error        the error, or {@code null}
 * @param runpodStatus the last RunPod status seen, or {@code null} to keep the stored one
 * @param failedAttempt the attempt whose error ended the job, added to the attempt errors; {@code null} when the
 *                      end is not an attempt's failure
 */
public record Outcome(JobStatus status, String result, String error, String runpodStatus, Integer failedAttempt) {

    public static Outcome completed(String result, String runpodStatus) {
        return new Outcome(JobStatus.COMPLETED, result, null, runpodStatus, null);
    }

    public static Outcome failed(String error, String runpodStatus) {
        return new Outcome(JobStatus.FAILED, null, error, runpodStatus, null);
    }

    public static Outcome cancelled(String reason, String runpodStatus) {
        return new Outcome(JobStatus.CANCELLED, null, reason, runpodStatus, null);
    }

    public static Outcome failedOnAttempt(int attempt, String error) {
        return new Outcome(JobStatus.FAILED, null, error, null, attempt);
    }

    public Outcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("An outcome needs a terminal status, got " + status);
        }
    }
}
