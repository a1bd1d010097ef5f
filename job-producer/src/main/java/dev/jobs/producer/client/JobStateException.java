package dev.jobs.producer.client;

import dev.jobs.api.JobStatus;

import java.util.UUID;

/** An operation that the job's current status does not allow, such as retrying a completed job. */
public class JobStateException extends RuntimeException {

    private final UUID jobId;
    private final JobStatus status;

    public JobStateException(UUID jobId, JobStatus status, String rule) {
        super("Job " + jobId + " is " + status.wireName() + ": " + rule);
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
