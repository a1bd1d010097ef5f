package dev.jobs.producer.service;

import dev.jobs.api.JobStatus;

import java.util.UUID;

/** An operator action that the job's status does not allow, such as cancelling a job that already ended. */
public class JobConflictException extends RuntimeException {

    private final UUID jobId;
    private final JobStatus status;

    public JobConflictException(UUID jobId, JobStatus status, String message) {
        super(message);
        this.jobId = jobId;
        this.status = status;
    }

    public UUID jobId() {
        return jobId;
    }

    public JobStatus status() {
        return status;
    }
}
