package dev.jobs.runpod.simulator.job;

/**
 * Thrown when a job is created with an id that an existing job already has.
 */
public final class DuplicateJobIdException extends RuntimeException {

    public DuplicateJobIdException(String jobId) {
        super("A job with id " + jobId + " already exists; choose another id or omit it to generate one");
    }
}
