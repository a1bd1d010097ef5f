package dev.jobs.worker.consume;

import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.events.EventMessages;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.Outcome;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;
import dev.jobs.worker.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns what a handler's run came to into the job's next state: its end (handed to the batch's {@link EndSink}), its
 * next check, or its next attempt. A next check or attempt is published as a delayed message before the row records
 * it, so a crash in between leaves a duplicate message, which its check number drops, and never a lost one.
 */
final class JobOutcomes {

    private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

    private final JobRepository jobs;
    private final DelayScheduler delays;
    private final EventMessages events;
    private final RetryPolicy retryPolicy;
    private final JobMetrics metrics;

    JobOutcomes(JobRepository jobs, DelayScheduler delays, EventMessages events, RetryPolicy retryPolicy,
                JobMetrics metrics) {
        this.jobs = jobs;
        this.delays = delays;
        this.events = events;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
    }

    /** Records what the handler's run came to: the job's end or its next check. */
    Disposition apply(JobRow row, JobMessage message, HandlerOutcome outcome, Instant now, EndSink ends) {
        return switch (outcome) {
            case HandlerOutcome.Complete complete -> {
                log.info("Job(id={}, type={}) completed after {} checks", row.id(), row.type(), row.checks() + 1);
                String result = complete.result() == null ? null : complete.result().toString();
                yield finish(row, Outcome.completed(result, complete.runpodStatus()), now, ends);
            }
            case HandlerOutcome.Fail fail -> {
                log.error("Job(id={}, type={}) failed: {}", row.id(), row.type(), fail.error());
                yield finish(row, Outcome.failed(fail.error(), fail.runpodStatus()), now, ends);
            }
            case HandlerOutcome.Cancel cancel -> {
                log.info("Job(id={}, type={}) cancelled: {}", row.id(), row.type(), cancel.reason());
                yield finish(row, Outcome.cancelled(cancel.reason(), cancel.runpodStatus()), now, ends);
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

    /** Schedules the job's next attempt, or ends it as failed when this was its last. */
    Disposition retryOrFail(JobRow row, JobMessage message, Exception error, Instant now, EndSink ends) {
        String reason = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        if (row.attempt() >= row.maxAttempts()) {
            log.error("Job(id={}, type={}, attempt={}/{}) failed on its last attempt", row.id(), row.type(), row.attempt(),
                    row.maxAttempts(), error);
            // The error column keeps the last error; attempt_errors keeps every attempt's error.
            String finalError = "Failed after " + row.attempt() + " attempt(s): " + reason;
            return finish(row, Outcome.failedOnAttempt(row.attempt(), finalError), now, ends);
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

    /** Ends a job whose deadline passed, after asking its handler for a note on its remote work. */
    Disposition timeOut(JobHandler handler, JobContext context, JobRow row, Instant now, EndSink ends) {
        String note = handler.onTimeout(context);
        String error = "Timed out: the job ran longer than its timeout of " + row.timeout().toMillis()
                + " ms (JOB_TIMEOUT_MS or the job's timeout option)" + (note == null ? "" : "; " + note);
        log.error("Job(id={}, type={}) {}", row.id(), row.type(), error);
        return finish(row, Outcome.failed(error, null), now, ends);
    }

    /** Hands the job's end to the batch's buffer, which writes it with the other ends of the batch. */
    Disposition finish(JobRow row, Outcome outcome, Instant now, EndSink ends) {
        ends.add(new JobRepository.Finish(row, outcome, now, events::of), row.type(), row.startedAt());
        return Disposition.ACK;
    }

    /**
     * Caps a delay at the time left before the deadline, so a job that times out is checked when it does. The
     * ladder may still round the delay up by at most 6.25%. Returns at least 1 ms.
     */
    private static Duration boundedByDeadline(Duration delay, JobRow row, Instant now) {
        Duration untilDeadline = Duration.between(now, row.deadlineAt());
        Duration bounded = delay.compareTo(untilDeadline) > 0 ? untilDeadline : delay;
        return bounded.isNegative() || bounded.isZero() ? Duration.ofMillis(1) : bounded;
    }
}
