package dev.jobs.store.job;

import dev.jobs.api.JobStatus;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static dev.jobs.store.generated.Tables.JOBS;

/** Operator actions on a job: cancel an unfinished one, run a failed or cancelled one again. */
public final class JobControl {

    private static final List<String> RETRYABLE = List.of(JobStatus.FAILED.wireName(), JobStatus.CANCELLED.wireName());

    /** How many times a cancel reads the job again when another run of it started between the read and the end. */
    private static final int CANCEL_TRIES = 10;

    private final DSLContext dsl;
    private final JobRepository jobs;

    public JobControl(DSLContext dsl) {
        this.dsl = dsl;
        this.jobs = new JobRepository(dsl);
    }

    /**
     * Cancels a pending or running job and stores its event, in one transaction. Returns the event, or empty when the
     * job is missing or had already ended. The worker cancels the remote work when the job's next message arrives.
     */
    public Optional<OutboxMessage> cancel(UUID id, String reason, Instant now, Function<JobRow, OutboxMessage> eventOf) {
        for (int i = 0; i < CANCEL_TRIES; i++) {
            Optional<JobRow> row = jobs.find(id);
            if (row.isEmpty() || row.get().status().isTerminal()) {
                return Optional.empty();
            }
            Optional<OutboxMessage> event = jobs.finish(row.get(), Outcome.cancelled(reason, null), now, eventOf);
            if (event.isPresent()) {
                return event;
            }
        }
        throw new IllegalStateException("Cancelling job " + id + " failed: another run of it started "
                + CANCEL_TRIES + " times during the cancel. Send the cancel again");
    }

    /**
     * Starts the next run of a failed or cancelled job and stores its first message, in one transaction. The run
     * number grows by one, attempts start over, the result, error, progress and RunPod status are cleared, and the
     * ended run's status, error and end time are appended to the attempt errors, so the history stays. Returns the row and message, or empty when the job is
     * not failed or cancelled.
     */
    public Optional<JobRepository.Inserted> retry(UUID id, Instant now, Function<JobRow, OutboxMessage> messageOf) {
        return dsl.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            var updated = transaction.update(JOBS)
                    .set(JOBS.ATTEMPT_ERRORS, DSL.field(
                            "{0} || jsonb_build_array(jsonb_build_object('run', {1}, 'status', {2}, 'error', {3}, 'at', {4}))",
                            JOBS.ATTEMPT_ERRORS.getDataType(), JOBS.ATTEMPT_ERRORS, JOBS.RUN, JOBS.STATUS, JOBS.ERROR,
                            JOBS.COMPLETED_AT))
                    .set(JOBS.RUNPOD_STATUS, (String) null)
                    .set(JOBS.PROGRESS, (JSONB) null)
                    .set(JOBS.STATUS, JobStatus.PENDING.wireName())
                    .set(JOBS.RUN, JOBS.RUN.plus(1))
                    .set(JOBS.ATTEMPT, 0)
                    .set(JOBS.RESULT, (JSONB) null)
                    .set(JOBS.ERROR, (String) null)
                    .set(JOBS.LAST_ERROR, (String) null)
                    .set(JOBS.STARTED_AT, (OffsetDateTime) null)
                    .set(JOBS.COMPLETED_AT, (OffsetDateTime) null)
                    .set(JOBS.DEADLINE_AT, (OffsetDateTime) null)
                    .set(JOBS.NEXT_CHECK_AT, (OffsetDateTime) null)
                    .set(JOBS.REMOTE_CANCELLED_AT, (OffsetDateTime) null)
                    .set(JOBS.RUN_AT, (OffsetDateTime) null)
                    .set(JOBS.UPDATED_AT, JobRepository.utc(now))
                    .where(JOBS.ID.eq(id).and(JOBS.STATUS.in(RETRYABLE)))
                    .returning()
                    .fetchOne();
            if (updated == null) {
                return Optional.<JobRepository.Inserted>empty();
            }
            JobRow row = JobRepository.toRow(updated);
            OutboxMessage message = OutboxRepository.insert(transaction, messageOf.apply(row));
            return Optional.of(new JobRepository.Inserted(row, true, message));
        });
    }

    /** Records that the remote work of a cancelled job was cancelled; returns false when already recorded. */
    public boolean markRemoteCancelled(UUID id, Instant now) {
        return dsl.update(JOBS)
                .set(JOBS.REMOTE_CANCELLED_AT, JobRepository.utc(now))
                .where(JOBS.ID.eq(id)
                        .and(JOBS.STATUS.eq(JobStatus.CANCELLED.wireName()))
                        .and(JOBS.REMOTE_CANCELLED_AT.isNull()))
                .execute() == 1;
    }
}
