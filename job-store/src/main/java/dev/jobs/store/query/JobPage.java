package dev.jobs.store.query;

import dev.jobs.store.job.JobRow;

import java.util.List;

/**
 * One page of a job listing.
 *
 * @param jobs the jobs, newest first
 * @param next where the following page starts, or {@code null} when this page is the last
 */
public record JobPage(List<JobRow> jobs, PageCursor next) {
}
