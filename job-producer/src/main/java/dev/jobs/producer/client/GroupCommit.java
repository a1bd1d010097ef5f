package dev.jobs.producer.client;

import dev.jobs.messaging.outbox.OutboxPublisher;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Stores concurrent submits together: each caller queues its job, and whichever caller takes the lock inserts every
 * queued job (up to {@link #MAX_BATCH}) and their outbox rows in one transaction, so one commit covers them all.
 * The caller that inserted a batch then publishes its messages, awaits their confirms together and deletes the
 * confirmed rows in one statement, while the next caller may already insert the next batch. Every caller returns
 * only after its own row is committed and its publish confirmed or left for the relay, as a single submit does.
 * A lone caller forms a batch of one, so nothing waits for company.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Most jobs in one transaction, which keeps one statement's parameters well below the driver's limit. */
    static final int MAX_BATCH = 500;

    /** A stored job, and whether its message was confirmed (false: left in the outbox for the relay). */
    record Stored(JobRow job, boolean published) {
    }

    private record Request(NewJob job, Function<JobRow, OutboxMessage> messageOf, CompletableFuture<Stored> result) {
    }

    private final JobRepository jobs;
    private final OutboxPublisher publisher;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock inserting = new ReentrantLock();

    GroupCommit(JobRepository jobs, OutboxPublisher publisher) {
        this.jobs = jobs;
        this.publisher = publisher;
    }

    /**
     * Stores a job without idempotency key and publishes its first message.
     *
     * @throws RuntimeException the failure of the batch's transaction (nothing of the batch is stored then)
     */
    Stored submit(NewJob job, Function<JobRow, OutboxMessage> messageOf) {
        Request request = new Request(job, messageOf, new CompletableFuture<>());
        queue.add(request);
        // Another caller may insert this request with its batch while this one waits for the lock. With more than
        // MAX_BATCH queued, this caller may have to insert earlier batches before the one holding its request.
        boolean queued = true;
        while (queued) {
            List<Request> batch = List.of();
            List<JobRepository.Inserted> inserted = List.of();
            inserting.lock();
            try {
                queued = !request.result().isDone() && queue.contains(request);
                if (queued) {
                    batch = drain();
                    inserted = insert(batch);
                    queued = queue.contains(request);
                }
            } finally {
                inserting.unlock();
            }
            if (!inserted.isEmpty()) {
                publish(batch, inserted);
            }
        }
        try {
            return request.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private List<Request> drain() {
        List<Request> batch = new ArrayList<>();
        Request next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    /** Inserts the batch in one transaction; on failure every caller of the batch gets the exception. */
    private List<JobRepository.Inserted> insert(List<Request> batch) {
        try {
            Map<UUID, Function<JobRow, OutboxMessage>> messageOfJob = new HashMap<>();
            batch.forEach(request -> messageOfJob.put(request.job().id(), request.messageOf()));
            return jobs.insertAll(batch.stream().map(Request::job).toList(), row -> messageOfJob.get(row.id()).apply(row));
        } catch (RuntimeException | Error e) {
            batch.forEach(request -> request.result().completeExceptionally(e));
            return List.of();
        }
    }

    private void publish(List<Request> batch, List<JobRepository.Inserted> inserted) {
        Set<Long> confirmed = Set.of();
        try {
            confirmed = publisher.publishAllNow(inserted.stream().map(JobRepository.Inserted::message).toList());
        } catch (RuntimeException e) {
            // Deleting the confirmed rows failed. The rows are committed, so the relay publishes them again later.
            log.warn("Deleting the outbox rows of {} published jobs failed, the outbox relay will publish them again: {}",
                    inserted.size(), e.getMessage());
        } finally {
            for (int i = 0; i < batch.size(); i++) {
                JobRepository.Inserted row = inserted.get(i);
                batch.get(i).result().complete(new Stored(row.job(), confirmed.contains(row.message().id())));
            }
        }
    }
}
