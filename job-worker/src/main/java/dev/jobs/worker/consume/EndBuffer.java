package dev.jobs.worker.consume;

import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.outbox.OutboxMessage;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The ends of the jobs of one batch, written together: one transaction ends their rows and stores their events, then
 * the events are published together and their confirms awaited at once. An end waits in the buffer at most
 * {@link #MAX_WAIT} past the handler that follows it, so a slow handler does not hold back the jobs before it.
 *
 * <p>When writing the group fails, each end is retried alone, so one job the database rejects does not hold back the
 * others. The delivery of an end that fails gets its own disposition.
 */
final class EndBuffer {

    private static final Logger log = LoggerFactory.getLogger(EndBuffer.class);

    static final Duration MAX_WAIT = Duration.ofMillis(10);

    private record Pending(int index, JobRepository.Finish finish, String type, Instant startedAt) {
    }

    private final Function<List<JobRepository.Finish>, List<Optional<OutboxMessage>>> endTogether;
    private final Function<JobRepository.Finish, Optional<OutboxMessage>> endAlone;
    private final JobMetrics metrics;
    private final List<Pending> pending = new ArrayList<>();
    private final Set<UUID> pendingJobIds = new HashSet<>();
    private long oldestAddedAt;

    /**
     * @param endTogether ends a group of jobs in one transaction and publishes their events. It returns each job's
     *                    event, or empty when that job had already ended or started another run.
     * @param endAlone    ends one job the same way
     */
    EndBuffer(Function<List<JobRepository.Finish>, List<Optional<OutboxMessage>>> endTogether,
              Function<JobRepository.Finish, Optional<OutboxMessage>> endAlone, JobMetrics metrics) {
        this.endTogether = endTogether;
        this.endAlone = endAlone;
        this.metrics = metrics;
    }

    /** Returns true when the end of this job is waiting in the buffer. */
    boolean contains(UUID jobId) {
        return pendingJobIds.contains(jobId);
    }

    /** Adds the end of the job whose delivery is at {@code index} in the batch. */
    void add(int index, JobRepository.Finish finish, String type, Instant startedAt) {
        if (pending.isEmpty()) {
            oldestAddedAt = System.nanoTime();
        }
        pending.add(new Pending(index, finish, type, startedAt));
        pendingJobIds.add(finish.id());
    }

    /** Writes the buffered ends when the oldest has waited {@link #MAX_WAIT} or longer. */
    void flushIfWaited(Disposition[] dispositions) {
        if (!pending.isEmpty() && System.nanoTime() - oldestAddedAt >= MAX_WAIT.toNanos()) {
            flush(dispositions);
        }
    }

    /** Writes the buffered ends. A failed end replaces its delivery's disposition. */
    void flush(Disposition[] dispositions) {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> group = List.copyOf(pending);
        pending.clear();
        pendingJobIds.clear();
        List<Optional<OutboxMessage>> events = new ArrayList<>(group.size());
        try {
            events.addAll(endTogether.apply(group.stream().map(Pending::finish).toList()));
        } catch (RuntimeException e) {
            // The group may contain other consumers' ends, written in the same transaction, so its error need not be
            // this end's own. Each end is tried again alone to learn its own outcome.
            log.warn("Ending {} job(s) together failed, ending them one at a time: {}", group.size(), e.getMessage());
            events.clear();
            group.forEach(end -> events.add(endAlone(end, dispositions)));
        }
        for (int i = 0; i < group.size(); i++) {
            Pending end = group.get(i);
            if (events.get(i).isEmpty()) {
                log.debug("Job(id={}, type={}) had ended or started another run before this end was written;"
                        + " nothing changed", end.finish().id(), end.type());
            } else {
                metrics.finished(end.type(), end.finish().outcome().status(),
                        end.startedAt() == null ? null : Duration.between(end.startedAt(), end.finish().now()));
            }
        }
    }

    /** Ends one job. On failure it sets the delivery's disposition and returns empty. */
    private Optional<OutboxMessage> endAlone(Pending end, Disposition[] dispositions) {
        try {
            return endAlone.apply(end.finish());
        } catch (RuntimeException e) {
            fail(end, e, dispositions);
            return Optional.empty();
        }
    }

    private static void fail(Pending end, RuntimeException error, Disposition[] dispositions) {
        dispositions[end.index()] = error instanceof DataAccessException databaseError
                ? DatabaseErrors.dispositionFor(end.finish().id(), end.type(), databaseError)
                : DatabaseErrors.requeue(end.finish().id(), end.type(), error);
    }
}
