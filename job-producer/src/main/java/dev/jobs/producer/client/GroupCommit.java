package dev.jobs.producer.client;

import dev.jobs.messaging.outbox.OutboxPublisher;
import dev.jobs.store.job.CallBatcher;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stores concurrent submits together: the jobs queued at one moment (up to {@link #MAX_BATCH}) and their outbox rows
 * are inserted with one statement, so one commit covers them all. The caller that inserted a batch then publishes its
 * messages and awaits their confirms together, outside the lock, while the next batch may already be inserted. Every
 * caller returns only after its own row is committed and its publish confirmed or left for the relay, as a single
 * submit does. A lone caller forms a batch of one, so nothing waits for company.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Maximum number of jobs inserted in one transaction. */
    static final int MAX_BATCH = 500;

    /** A stored job, and whether its message was confirmed (false: left in the outbox for the relay). */
    record Stored(JobRow job, boolean published, OutboxMessage message) {
    }

    private record Request(NewJob job, Function<NewJob, OutboxMessage> messageOf) {
    }

    private final JobRepository jobs;
    private final OutboxPublisher publisher;
    private final CallBatcher<Request, Stored> batcher;

    GroupCommit(JobRepository jobs, OutboxPublisher publisher) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.batcher = new CallBatcher<>(MAX_BATCH, this::insert, this::publish);
    }

    /**
     * Stores a job without idempotency key and publishes its first message.
     *
     * @throws RuntimeException the failure of the batch's transaction (nothing of the batch is stored then)
     */
    Stored submit(NewJob job, Function<NewJob, OutboxMessage> messageOf) {
        return batcher.call(new Request(job, messageOf));
    }

    private List<Stored> insert(List<Request> batch) {
        Map<UUID, Function<NewJob, OutboxMessage>> messageOfJob = new HashMap<>();
        batch.forEach(request -> messageOfJob.put(request.job().id(), request.messageOf()));
        return jobs.insertAll(batch.stream().map(Request::job).toList(), job -> messageOfJob.get(job.id()).apply(job))
                .stream()
                .map(inserted -> new Stored(inserted.job(), false, inserted.message()))
                .toList();
    }

    private List<Stored> publish(List<Stored> inserted) {
        Set<Long> confirmed = Set.of();
        try {
            confirmed = publisher.publishAllNow(inserted.stream().map(Stored::message).toList());
        } catch (RuntimeException e) {
            // The rows are committed, so the relay publishes whatever this publish left.
            log.warn("Publishing the first messages of {} stored jobs failed, the outbox relay will publish them: {}",
                    inserted.size(), e.getMessage());
        }
        Set<Long> published = confirmed;
        return inserted.stream()
                .map(stored -> new Stored(stored.job(), published.contains(stored.message().id()), stored.message()))
                .toList();
    }
}
