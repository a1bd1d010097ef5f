package dev.jobs.worker.consume;

import dev.jobs.store.job.JobRepository;

import java.time.Instant;

/** Receiver of a delivery's job end: the batch's {@link EndBuffer}, with the delivery's place in the batch. */
@FunctionalInterface
interface EndSink {
    void add(JobRepository.Finish finish, String type, Instant startedAt);
}
