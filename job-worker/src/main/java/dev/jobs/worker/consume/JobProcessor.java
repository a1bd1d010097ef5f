package dev.jobs.worker.consume;

import com.rabbitmq.client.Delivery;
import dev.jobs.api.InvalidJobException;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.InvalidMessageException;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.outbox.OutboxPublisher;
import dev.jobs.messaging.publish.PublishFailedException;
import dev.jobs.store.job.CallBatcher;
import dev.jobs.store.job.JobControl;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.Outcome;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.messaging.events.EventMessages;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.HandlerRegistry;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;
import dev.jobs.worker.handler.PermanentJobException;
import dev.jobs.worker.limits.ConcurrencyGate;
import dev.jobs.worker.retry.RetryPolicy;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Turns one job message into one conditional row change plus at most one message, in an order that survives a
 * crash at any point:
 *
 * <ul>
 *   <li>a finished job's event is written to the outbox in the transaction that ends the row, then published;</li>
 *   <li>a job to check again gets its next message published (confirmed) before the check is recorded, so a
 *       crash in between leaves a duplicate, never a gap; duplicates are dropped by their check number;</li>
 *   <li>the delivery is acknowledged only after both.</li>
 * </ul>
 */
public final class JobProcessor {

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

    private final JobRepository jobs;
    private final HandlerRegistry handlers;
    private final DelayScheduler delays;
    private final OutboxPublisher outboxPublisher;
    private final JobOutcomes outcomes;
    private final Clock clock;
    private final ForeignJobs foreignJobs;
    private final JobControl control;
    private final JobMetrics metrics;
    private final ConcurrencyGate gate;

    /**
     * Maximum number of consumer batches that one statement or transaction carries. Consumers that start or end jobs at
     * the same moment share one statement or one transaction, and so one commit, each still getting its own results.
     * The events of jobs ended together are published together and their confirms awaited at once.
     */
    static final int MAX_GROUPS = 32;

    private final CallBatcher<List<JobRepository.Start>, List<Optional<JobRow>>> starts;
    private final CallBatcher<List<JobRepository.Finish>, List<Optional<OutboxMessage>>> ends;

    /** Base wait of a job whose type has no free slot; a random part up to as much again spreads the retries. */
    static final Duration SLOT_WAIT = Duration.ofMillis(500);

    /**
     * @param jobs      the repository for everything but the group statements
     * @param groupJobs the repository whose group statements start and end the jobs of concurrent consumers together
     */
    public JobProcessor(JobRepository jobs, JobRepository groupJobs, JobControl control, HandlerRegistry handlers,
                        DelayScheduler delays, OutboxPublisher outboxPublisher, EventMessages events,
                        RetryPolicy retryPolicy, Clock clock, ForeignJobs foreignJobs, JobMetrics metrics,
                        ConcurrencyGate gate) {
        this.gate = gate;
        this.jobs = jobs;
        this.control = control;
        this.foreignJobs = foreignJobs;
        this.metrics = metrics;
        this.handlers = handlers;
        this.delays = delays;
        this.outboxPublisher = outboxPublisher;
        this.outcomes = new JobOutcomes(jobs, delays, events, retryPolicy, metrics);
        this.clock = clock;
        this.starts = new CallBatcher<>(MAX_GROUPS,
                CallBatcher.flattening(batch -> groupJobs.startAllIfPending(batch, clock.instant())));
        this.ends = new CallBatcher<>(MAX_GROUPS, CallBatcher.flattening(groupJobs::finishAll), this::publishEvents);
    }

    private sealed interface Decoding {
    }

    /** A delivery that decoded to a job message of a type this worker handles. */
    private record Decoded(JobMessage message, JobHandler handler) implements Decoding {
    }

    /** A delivery that cannot run here. */
    private record Rejected(Disposition.Park park) implements Decoding {
    }

    /**
     * Processes a consumer's batch of deliveries in order and returns one disposition per delivery processed. Once a
     * stop is requested, it returns after the delivery in progress, so the result may be shorter than the batch.
     *
     * <p>The first deliveries of pending jobs in the batch start with one statement. The jobs that end are written
     * together by an {@link EndBuffer}, before this returns.
     */
    public List<Disposition> processAll(List<Delivery> batch, BooleanSupplier stopRequested) {
        int size = batch.size();
        Disposition[] dispositions = new Disposition[size];
        Decoded[] decoded = new Decoded[size];
        for (int i = 0; i < size; i++) {
            Delivery delivery = batch.get(i);
            switch (decode(delivery.getBody(), delivery.getEnvelope().getRoutingKey())) {
                case Rejected rejected -> dispositions[i] = rejected.park();
                case Decoded accepted -> decoded[i] = accepted;
            }
        }
        List<Optional<JobRow>> started = startFirstDeliveries(decoded);
        EndBuffer ends = new EndBuffer(this.ends::call, this::endAlone, metrics);
        int processed = 0;
        while (processed < size && (processed == 0 || !stopRequested.getAsBoolean())) {
            int index = processed++;
            Decoded job = decoded[index];
            if (job != null) {
                // A second delivery of a job whose end waits in the buffer must find the job ended, not run it again.
                if (ends.contains(job.message().jobId())) {
                    ends.flush(dispositions);
                }
                EndSink sink = (finish, type, startedAt) -> ends.add(index, finish, type, startedAt);
                dispositions[index] = process(job.message(), job.handler(), started.get(index), sink);
            }
            ends.flushIfWaited(dispositions);
        }
        ends.flush(dispositions);
        return Arrays.asList(dispositions).subList(0, processed);
    }

    private Decoding decode(byte[] body, String routingKey) {
        JobMessage message;
        try {
            message = MessageCodec.readJobMessage(body);
        } catch (InvalidMessageException e) {
            return new Rejected(new Disposition.Park(e.getMessage()));
        }
        Optional<JobHandler> handler = handlers.find(message.type());
        if (handler.isEmpty()) {
            return new Rejected(new Disposition.Park("No handler for job type '" + message.type()
                    + "' on this worker; it handles " + handlers.types()));
        }
        // The routing key must equal the job type, so a message cannot reach one type's queue and run as another type.
        if (routingKey != null && !routingKey.equals(message.type())) {
            return new Rejected(new Disposition.Park("Message type '" + message.type() + "' differs from its routing key '"
                    + routingKey + "': publish a job with the routing key equal to its type"));
        }
        return new Decoded(message, handler.get());
    }

    /**
     * Starts, with one conditional UPDATE … RETURNING, the jobs of the batch's first deliveries (check 0) that are
     * pending, and reads them back. Returns one result per delivery. Every other case (already running or ended, no
     * row, other type, not due, or this statement failing) takes the path of {@link #processJob}, one delivery at a
     * time. A later check of a monitored job finds it running, so it goes straight there and saves a statement.
     */
    private List<Optional<JobRow>> startFirstDeliveries(Decoded[] decoded) {
        List<JobRepository.Start> starts = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] != null && decoded[i].message().check() == 0) {
                starts.add(new JobRepository.Start(decoded[i].message().jobId(), decoded[i].message().type()));
                indexes.add(i);
            }
        }
        List<Optional<JobRow>> results = new ArrayList<>(Collections.nCopies(decoded.length, Optional.empty()));
        if (starts.isEmpty()) {
            return results;
        }
        try {
            List<Optional<JobRow>> rows = this.starts.call(starts);
            for (int i = 0; i < rows.size(); i++) {
                results.set(indexes.get(i), rows.get(i));
            }
        } catch (RuntimeException e) {
            log.warn("Starting {} jobs together failed, each delivery will be processed alone: {}", starts.size(),
                    e.getMessage());
        }
        return results;
    }

    private Disposition process(JobMessage message, JobHandler handler, Optional<JobRow> started, EndSink ends) {
        try (JobLog jobLog = new JobLog(message.jobId(), message.type())) {
            if (started.isPresent()) {
                JobRow row = started.get();
                log.debug("Job(id={}, type={}) started", row.id(), row.type());
                metrics.started(row.type());
                jobLog.runpodJobId(row.runpodJobId());
                return runStarted(message, handler, jobLog, row, clock.instant(), ends);
            }
            return processJob(message, handler, jobLog, ends);
        } catch (DataAccessException e) {
            return DatabaseErrors.dispositionFor(message.jobId(), message.type(), e);
        } catch (PublishFailedException | AmqpException e) {
            return DatabaseErrors.requeue(message.jobId(), message.type(), e);
        } catch (RuntimeException e) {
            // Caught here, so one delivery that fails in an unexpected way does not take its batch down with it.
            log.error("Job(id={}, type={}) failed unexpectedly while being processed, it will come back",
                    message.jobId(), message.type(), e);
            return new Disposition.Requeue(String.valueOf(e.getMessage()), message.type());
        }
    }

    private Disposition processJob(JobMessage message, JobHandler handler, JobLog jobLog, EndSink ends) {
        Optional<JobRow> found = jobs.find(message.jobId());
        if (found.isEmpty()) {
            try {
                found = Optional.of(foreignJobs.store(message));
            } catch (InvalidJobException e) {
                return new Disposition.Park("Job message from a producer without a row is invalid: " + e.getMessage());
            }
        }
        JobRow row = found.get();
        if (!row.type().equals(message.type())) {
            return new Disposition.Park("Message type '" + message.type() + "' differs from the stored type '" + row.type()
                    + "' of job " + row.id());
        }
        jobLog.runpodJobId(row.runpodJobId());
        if (row.status().isTerminal()) {
            if (row.status() == JobStatus.CANCELLED && row.remoteCancelledAt() == null) {
                handler.onCancel(contextOf(row));
                control.markRemoteCancelled(row.id(), clock.instant());
                log.info("Job(id={}, type={}) was cancelled; its remote work was cancelled too", row.id(), row.type());
            }
            log.debug("Job(id={}, type={}) already {}, dropping the redelivered message", row.id(), row.type(), row.status());
            return Disposition.ACK;
        }

        Instant now = clock.instant();
        if (row.status() == JobStatus.PENDING && row.runAt() != null && now.isBefore(row.runAt())) {
            // Arrived before its start time (republished by the reconciler, or re-driven): wait again.
            delays.schedule(row.type(), row.id() + ":scheduled", MessageCodec.write(message), Duration.between(now, row.runAt()));
            return Disposition.ACK;
        }
        if (row.status() == JobStatus.PENDING) {
            if (jobs.markRunning(row.id(), now, now.plus(row.timeout()))) {
                log.debug("Job(id={}, type={}) started", row.id(), row.type());
                metrics.started(row.type());
            }
            row = jobs.find(row.id()).orElseThrow();
            if (row.status().isTerminal()) {
                return Disposition.ACK;
            }
        }
        return runStarted(message, handler, jobLog, row, now, ends);
    }

    /** Runs the handler of a running job, unless the message is a duplicate or the deadline passed. */
    private Disposition runStarted(JobMessage message, JobHandler handler, JobLog jobLog, JobRow row, Instant now,
                                   EndSink ends) {
        if (message.check() < row.checks()) {
            log.debug("Job(id={}, type={}) check {} was already done ({} checks), dropping the duplicate message",
                    row.id(), row.type(), message.check(), row.checks());
            return Disposition.ACK;
        }
        metrics.checkLateness(row.type(), row.nextCheckAt(), now);
        jobLog.attempt(row.attempt(), row.maxAttempts());

        JobContext context = contextOf(row);
        if (!now.isBefore(row.deadlineAt())) {
            return outcomes.timeOut(handler, context, row, now, ends);
        }
        Optional<ConcurrencyGate.Permit> permit = gate.tryEnter(row.type());
        if (permit.isEmpty()) {
            Duration wait = SLOT_WAIT.plusMillis(ThreadLocalRandom.current().nextLong(SLOT_WAIT.toMillis()));
            delays.schedule(row.type(), row.id() + ":slot:" + message.check(), MessageCodec.write(message), wait);
            log.debug("Job(id={}, type={}) waits {} ms for a free slot of its type", row.id(), row.type(), wait.toMillis());
            return Disposition.ACK;
        }
        HandlerOutcome outcome;
        try (ConcurrencyGate.Permit held = permit.get()) {
            outcome = handler.handle(context);
        } catch (PermanentJobException e) {
            log.error("Job(id={}, type={}, attempt={}/{}) failed permanently: {}", row.id(), row.type(), row.attempt(),
                    row.maxAttempts(), e.getMessage());
            return outcomes.finish(row, new Outcome(JobStatus.FAILED, null, e.getMessage(), null, row.attempt()), now,
                    ends);
        } catch (Exception e) {
            return outcomes.retryOrFail(row, message, e, now, ends);
        }
        return outcomes.apply(row, message, outcome, now, ends);
    }

    private Optional<OutboxMessage> endAlone(JobRepository.Finish finish) {
        List<Optional<OutboxMessage>> ended = jobs.finishAll(List.of(finish));
        publishEvents(List.of(ended));
        return ended.getFirst();
    }

    /**
     * Publishes the events of jobs ended together, outside the batcher's lock, so a slow broker delays only these
     * jobs' acknowledgements and not the next group's commit. A failure leaves them to the outbox relay, since the
     * jobs ended and their events are committed in the outbox.
     */
    private <T extends List<Optional<OutboxMessage>>> List<T> publishEvents(List<T> groups) {
        List<OutboxMessage> events = groups.stream().flatMap(List::stream).flatMap(Optional::stream).toList();
        if (events.isEmpty()) {
            return groups;
        }
        try {
            outboxPublisher.publishAllNow(events);
        } catch (RuntimeException e) {
            log.warn("Publishing the events of {} ended jobs failed, the outbox relay will publish them: {}",
                    events.size(), e.getMessage());
        }
        return groups;
    }

    static JobContext contextOf(JobRow row) {
        return new JobContext(row.id(), row.type(), MessageCodec.mapper().readTree(row.payload()), row.attempt(),
                row.maxAttempts(), row.checks(), row.startedAt(), row.deadlineAt(), row.pollInterval(), row.runpodStatus());
    }
}
