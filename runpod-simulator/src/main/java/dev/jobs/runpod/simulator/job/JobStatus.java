package dev.jobs.runpod.simulator.job;

/**
 * Job status as RunPod reports it in the {@code status} field.
 */
public enum JobStatus {
    IN_QUEUE,
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    /** Returns whether the job has ended and its status can no longer change. */
    public boolean isTerminal() {
        return this != IN_QUEUE && this != IN_PROGRESS;
    }
}
