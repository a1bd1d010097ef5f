package dev.jobs.demo;

import java.util.UUID;

/**
 * A planned job once its RunPod job runs and its monitor job is submitted.
 *
 * @param runpodJobId the id the simulator returned from {@code /run}
 * @param jobId       the id of the {@code monitor-training-status} job
 */
record SubmittedJob(PlannedJob plan, String runpodJobId, UUID jobId) {
}
