package dev.jobs.producer.service;

import java.util.List;

/**
 * The body of {@code GET /queues}.
 *
 * @param types       one entry per job type that is known to this service or has an unfinished job
 * @param parked      messages in the parking queue, over all types
 * @param brokerError why the broker figures are missing, or {@code null} when they were read
 */
public record QueueReport(List<TypeQueue> types, Parked parked, String brokerError) {

    /**
     * The backlog of one job type. Broker figures are {@code null} when the queue does not exist or the broker
     * could not be reached.
     *
     * @param queue                   the type's work queue
     * @param ready                   messages ready for delivery in the work queue
     * @param delayed                 running jobs whose next check is in the future, so their message waits in a
     *                                delay queue
     * @param pending                 pending jobs, scheduled ones included
     * @param scheduled               pending jobs whose start time is still in the future
     * @param oldestPendingAgeSeconds how long the longest-waiting due pending job has waited, or {@code null}
     * @param running                 running jobs
     * @param overdue                 running jobs whose next check is more than a minute late
     */
    public record TypeQueue(String type, String queue, Long ready, long delayed, long pending, long scheduled,
                            Long oldestPendingAgeSeconds, long running, long overdue) {
    }

    /** The parking queue and its ready messages, {@code null} when unknown. */
    public record Parked(String queue, Long messages) {
    }
}
