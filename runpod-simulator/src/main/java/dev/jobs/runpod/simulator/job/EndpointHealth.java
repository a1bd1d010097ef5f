package dev.jobs.runpod.simulator.job;

/**
 * Job counts of one endpoint at one instant, as reported by RunPod's {@code /health}.
 *
 * @param inQueue jobs waiting for a worker
 * @param inProgress jobs running on a worker
 * @param completed jobs that ended {@code COMPLETED} and are still retained
 * @param failed jobs that ended {@code FAILED} or {@code TIMED_OUT} and are still retained
 */
public record EndpointHealth(int inQueue, int inProgress, int completed, int failed) {
}
