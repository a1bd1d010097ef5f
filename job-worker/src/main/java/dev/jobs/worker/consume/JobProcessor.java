package dev.jobs.worker.consume;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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
    private final EventMessages events;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final ForeignJobs foreignJobs;
    private final JobControl control;
    private final JobMetrics metrics;
    private final ConcurrencyGate gate;

    /**
     * Most row changes one transaction carries for concurrent consumers. Consumers that start or end jobs at the same
     * moment share one statement or one transaction (and so one commit), each still waiting for its own result. The
     * events of jobs ended together are published together and their confirms awaited at once.
     */
    static final int MAX_BATCH = 100;

    private final CallBatcher<JobRepository.Start, Optional<JobRow>> starts;
    private final CallBatcher<JobRepository.Finish, Optional<OutboxMessage>> finishes;

    /** Base wait of a job whose type has no free slot; a random part up to as much again spreads the retries. */
    static final Duration SLOT_WAIT = Duration.ofMillis(500);

    public JobProcessor(JobRepository jobs, JobControl control, HandlerRegistry handlers, DelayScheduler delays,
                        OutboxPublisher outboxPublisher, EventMessages events, RetryPolicy retryPolicy, Clock clock,
                        ForeignJobs foreignJobs, JobMetrics metrics, ConcurrencyGate gate) {
        this.gate = gate;
        this.jobs = jobs;
        this.control = control;
        this.foreignJobs = foreignJobs;
        this.metrics = metrics;
        this.handlers = handlers;
        this.delays = delays;
        this.outboxPublisher = outboxPublisher;
        this.events = events;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.starts = new CallBatcher<>(MAX_BATCH, batch -> jobs.startAllIfPending(batch, clock.instant()));
        this.finishes = new CallBatcher<>(MAX_BATCH, jobs::finishAll, this::publishEvents);
    }

    /**
     * Handles one delivery.
     *
     * @param routingKey the key the message arrived with, or {@code null} when unknown; it must equal the job type,
     *                   so a message cannot reach one type's queue and run as another type
     */
    public Disposition process(byte[] body, String routingKey) {
        JobMessage message;
        try {
            message = MessageCodec.readJobMessage(body);
        } catch (InvalidMessageException e) {
            return new Disposition.Park(e.getMessage());
        }
        Optional<JobHandler> handler = handlers.find(message.type());
        if (handler.isEmpty()) {
            return new Disposition.Park("No handler for job type '" + message.type() + "' on this worker; it handles "
                    + handlers.types());
        }
        if (routingKey != null && !routingKey.equals(message.type())) {
            return new Disposition.Park("Message type '" + message.type() + "' differs from its routing key '" + routingKey
                    + "': publish a job with the routing key equal to its type");
        }

        try (JobLog jobLog = new JobLog(message.jobId(), message.type())) {
            return processJob(message, handler.get(), jobLog);
        } catch (DataAccessException e) {
            if (DatabaseErrors.isPermanent(e)) {
                return new Disposition.Park("The database rejected job " + message.jobId() + ": " + e.getMessage());
            }
            return requeue(message, e);
        } catch (PublishFailedException | AmqpException e) {
            return requeue(message, e);
        }
    }

    private static Disposition requeue(JobMessage message, RuntimeException error) {
        log.warn("Job(id={}, type={}) could not be processed now, it will come back: {}", message.jobId(),
                message.type(), error.getMessage());
        return new Disposition.Requeue(error.getMessage(), message.type());
    }

    private Disposition processJob(JobMessage message, JobHandler handler, JobLog jobLog) {
        // The usual first delivery of a pending job: one conditional UPDATE … RETURNING starts it and reads it back,
        // shared with the deliveries other consumers start at the same moment. Every other case (already running or
        // ended, no row, other type, not due) takes the path below. A later check of a monitored job finds it
        // running, so it goes straight there and saves a statement per check.
        Optional<JobRow> started = message.check() == 0
                ? starts.call(new JobRepository.Start(message.jobId(), message.type()))
                : Optional.empty();
        if (started.isPresent()) {
            JobRow row = started.get();
            Instant startedAt = row.startedAt();
            log.debug("Job(id={}, type={}) started", row.id(), row.type());
            metrics.started(row.type());
            jobLog.runpodJobId(row.runpodJobId());
            return runStarted(message, handler, jobLog, row, startedAt);
        }

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
        return runStarted(message, handler, jobLog, row, now);
    }

    /** Runs the handler of a running job, unless the message is a duplicate or the deadline passed. */
    private Disposition runStarted(JobMessage message, JobHandler handler, JobLog jobLog, JobRow row, Instant now) {
        if (message.check() < row.checks()) {
            log.debug("Job(id={}, type={}) check {} was already done ({} checks), dropping the duplicate message",
                    row.id(), row.type(), message.check(), row.checks());
            return Disposition.ACK;
        }
        metrics.checkLateness(row.type(), row.nextCheckAt(), now);
        jobLog.attempt(row.attempt(), row.maxAttempts());

        JobContext context = contextOf(row);
        if (!now.isBefore(row.deadlineAt())) {
            return timeOut(handler, context, row, now);
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
            return finish(row, new Outcome(JobStatus.FAILED, null, e.getMessage(), null, row.attempt()), now);
        } catch (Exception e) {
            return retryOrFail(row, message, e, now);
        }
        return apply(row, message, outcome, now);
    }

    private Disposition apply(JobRow row, JobMessage message, HandlerOutcome outcome, Instant now) {
        return switch (outcome) {
            case HandlerOutcome.Complete complete -> {
                log.info("Job(id={}, type={}) completed after {} checks", row.id(), row.type(), row.checks() + 1);
                String result = complete.result() == null ? null : complete.result().toString();
                yield finish(row, Outcome.completed(result, complete.runpodStatus()), now);
            }
            case HandlerOutcome.Fail fail -> {
                log.error("Job(id={}, type={}) failed: {}", row.id(), row.type(), fail.error());
                yield finish(row, Outcome.failed(fail.error(), fail.runpodStatus()), now);
            }
            case HandlerOutcome.Cancel cancel -> {
                log.info("Job(id={}, type={}) cancelled: {}", row.id(), row.type(), cancel.reason());
                yield finish(row, Outcome.cancelled(cancel.reason(), cancel.runpodStatus()), now);
            }
            case HandlerOutcome.CheckAgain checkAgain -> checkAgain(row, message, checkAgain, now);
        };
    }

    private Disposition checkAgain(JobRow row, JobMessage message, HandlerOutcome.CheckAgain checkAgain, Instant now) {
        Duration delay = boundedByDeadline(checkAgain.delay(), row, now);
        JobMessage next = message.nextCheck(message.check() + 1);
        Duration applied = delays.schedule(row.type(), row.id() + ":check:" + next.check(), MessageCodec.write(next), delay);
        String progress = checkAgain.progress() == null ? null : checkAgain.progress().toString();
        if (!jobs.recordCheck(row.id(), message.check(), checkAgain.runpodStatus(), progress, applied, now.plus(applied), now)) {
            log.debug("Job(id={}, type={}) check {} was recorded by another delivery", row.id(), row.type(), message.check());
        }
        log.debug("Job(id={}, type={}) is {}, checking again in {} ms", row.id(), row.type(), checkAgain.runpodStatus(),
                applied.toMillis());
        metrics.checked(row.type());
        return Disposition.ACK;
    }

    private Disposition retryOrFail(JobRow row, JobMessage message, Exception error, Instant now) {
        String reason = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        if (row.attempt() >= row.maxAttempts()) {
            log.error("Job(id={}, type={}, attempt={}/{}) failed on its last attempt", row.id(), row.type(), row.attempt(),
                    row.maxAttempts(), error);
            // The error column keeps the last error; attempt_errors keeps every attempt's error.
            String finalError = "Failed after " + row.attempt() + " attempt(s): " + reason;
            return finish(row, Outcome.failedOnAttempt(row.attempt(), finalError), now);
        }
        Duration delay = boundedByDeadline(retryPolicy.delayBefore(row.attempt(), row.retryDelay()), row, now);
        Duration applied = delays.schedule(row.type(), row.id() + ":retry:" + message.check() + ":" + row.attempt(),
                MessageCodec.write(message), delay);
        jobs.recordRetry(row.id(), row.attempt() + 1, reason, now.plus(applied), now);
        metrics.retried(row.type());
        log.warn("Job(id={}, type={}, attempt={}/{}) failed, retrying in {} ms: {}", row.id(), row.type(), row.attempt(),
                row.maxAttempts(), applied.toMillis(), reason);
        return Disposition.ACK;
    }

    private Disposition timeOut(JobHandler handler, JobContext context, JobRow row, Instant now) {
        String note = handler.onTimeout(context);
        String error = "Timed out: the job ran longer than its timeout of " + row.timeout().toMillis()
                + " ms (JOB_TIMEOUT_MS or the job's timeout option)" + (note == null ? "" : "; " + note);
        log.error("Job(id={}, type={}) {}", row.id(), row.type(), error);
        return finish(row, Outcome.failed(error, null), now);
    }

    private Disposition finish(JobRow row, Outcome outcome, Instant now) {
        finishes.call(new JobRepository.Finish(row.id(), outcome, now, events::of)).ifPresent(event ->
                metrics.finished(row.type(), outcome.status(), row.startedAt() == null ? null : Duration.between(row.startedAt(), now)));
        return Disposition.ACK;
    }

    /**
     * Publishes the events of jobs ended together, outside the batch's lock, so a slow broker delays only these jobs'
     * acknowledgements and not the next group's commit.
     */
    private List<Optional<OutboxMessage>> publishEvents(List<Optional<OutboxMessage>> ended) {
        List<OutboxMessage> events = ended.stream().flatMap(Optional::stream).toList();
        try {
            outboxPublisher.publishAllNow(events);
        } catch (RuntimeException e) {
            // The jobs ended and their events are committed in the outbox, so the relay publishes what is left.
            log.warn("Publishing the events of {} ended jobs failed, the outbox relay will publish them: {}",
                    events.size(), e.getMessage());
        }
        return ended;
    }

    /**
     * Caps a delay at the time left before the deadline, so a job that times out is checked when it does; the
     * ladder may still round the delay up by at most 6.25%. Returns at least 1 ms.
     */
    private static Duration boundedByDeadline(Duration delay, JobRow row, Instant now) {
        Duration untilDeadline = Duration.between(now, row.deadlineAt());
        Duration bounded = delay.compareTo(untilDeadline) > 0 ? untilDeadline : delay;
        return bounded.isNegative() || bounded.isZero() ? Duration.ofMillis(1) : bounded;
    }

    private static JobContext contextOf(JobRow row) {
        return new JobContext(row.id(), row.type(), MessageCodec.mapper().readTree(row.payload()), row.attempt(),
                row.maxAttempts(), row.checks(), row.startedAt(), row.deadlineAt(), row.pollInterval(), row.runpodStatus());
    }
}
