package dev.jobs.store.query;

import dev.jobs.api.JobStatus;

import java.time.Instant;

/**
 * Filter of a job listing. A {@code null} component matches every job.
 *
 * @param status        only jobs in this status
 * @param type          only jobs of this type
 * @param createdAfter  only jobs created strictly after this time
 * @param createdBefore only jobs created strictly before this time
 */
public record JobFilter(JobStatus status, String type, Instant createdAfter, Instant createdBefore) {

    public static JobFilter all() {
        return new JobFilter(null, null, null, null);
    }
}
