package dev.jobs.store.job;

import dev.jobs.api.JobStatus;
import dev.jobs.store.generated.tables.records.JobsRecord;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static dev.jobs.store.generated.Tables.JOBS;

/**
 * Reads and changes job rows. Every status change is one conditional {@code UPDATE … WHERE status IN (…)}, so a
 * redelivered or duplicated message can never move a job backwards or end it twice.
 */
public final class JobRepository {

    private static final List<String> UNFINISHED = List.of(JobStatus.PENDING.wireName(), JobStatus.RUNNING.wireName());

    private final DSLContext dsl;

    public JobRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The stored job and whether this call created it, or found it by idempotency key. */
    public record Inserted(JobRow job, boolean created, OutboxMessage message) {
    }

    /**
     * Inserts the job and its first message in one transaction. With an idempotency key already used, inserts
     * nothing and returns the existing job; concurrent submits with one key store exactly one job.
     *
     * @param messageOf builds the outbox message from the new row
     */
    public Inserted insert(NewJob job, Function<JobRow, OutboxMessage> messageOf) {
        return dsl.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            JobsRecord inserted = insertInto(transaction, job)
                    .set(JOBS.IDEMPOTENCY_KEY, job.idempotencyKey())
                    .onConflict(JOBS.IDEMPOTENCY_KEY).where(JOBS.IDEMPOTENCY_KEY.isNotNull()).doNothing()
                    .returning()
                    .fetchOne();
            if (inserted == null) {
                JobRow existing = toRow(transaction.selectFrom(JOBS)
                        .where(JOBS.IDEMPOTENCY_KEY.eq(job.idempotencyKey()))
                        .fetchSingle());
                return new Inserted(existing, false, null);
            }
            JobRow row = toRow(inserted);
            OutboxMessage message = OutboxRepository.insert(transaction, messageOf.apply(row));
            return new Inserted(row, true, message);
        });
    }

    /**
     * Inserts jobs without idempotency keys and their first messages with one statement, which commits them all at
     * once, and returns them in the given order. Either every job is stored or none.
     *
     * @param messageOf builds each outbox message from its new job, before the row exists
     * @throws IllegalArgumentException when a job has an idempotency key, which needs {@link #insert}
     */
    public List<Inserted> insertAll(List<NewJob> jobs, Function<NewJob, OutboxMessage> messageOf) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        java.util.Map<UUID, OutboxMessage> messageById = new java.util.HashMap<>();
        for (NewJob job : jobs) {
            if (job.idempotencyKey() != null) {
                throw new IllegalArgumentException("Job " + job.id() + " has an idempotency key: insert it with insert()");
            }
            messageById.put(job.id(), messageOf.apply(job));
        }
        List<OutboxMessage> messages = jobs.stream().map(job -> messageById.get(job.id())).toList();
        java.util.Map<UUID, Inserted> insertedById = new java.util.HashMap<>();
        for (GroupStatements.InsertedRow inserted : GroupStatements.insert(dsl, jobs, messages)) {
            JobRow row = inserted.job();
            insertedById.put(row.id(), new Inserted(row, true, messageById.get(row.id()).withId(inserted.outboxId())));
        }
        return jobs.stream().map(job -> insertedById.get(job.id())).toList();
    }

    /**
     * Inserts a job announced by a message whose producer stored no row (a producer in another language), unless a
     * row with that id exists. Returns the stored row either way.
     */
    public JobRow insertIfAbsent(NewJob job) {
        insertInto(dsl, job)
                .onConflictDoNothing()
                .execute();
        return find(job.id()).orElseThrow();
    }

    private static InsertSetMoreStep<JobsRecord> insertInto(DSLContext context, NewJob job) {
        return context.insertInto(JOBS)
                .set(JOBS.ID, job.id())
                .set(JOBS.TYPE, job.type())
                .set(JOBS.STATUS, JobStatus.PENDING.wireName())
                .set(JOBS.PAYLOAD, JSONB.valueOf(job.payload()))
                .set(JOBS.MAX_ATTEMPTS, job.maxAttempts())
                .set(JOBS.RETRY_DELAY_MS, job.retryDelay().toMillis())
                .set(JOBS.TIMEOUT_MS, job.timeout().toMillis())
                .set(JOBS.POLL_INTERVAL_MS, job.pollInterval().toMillis())
                .set(JOBS.RUNPOD_JOB_ID, job.runpodJobId())
                .set(JOBS.RUN_AT, utc(job.runAt()));
    }

    public Optional<JobRow> find(UUID id) {
        return dsl.selectFrom(JOBS).where(JOBS.ID.eq(id)).fetchOptional(JobRepository::toRow);
    }

    /** Reads the rows of the given ids that exist, in no particular order. */
    public List<JobRow> findAll(java.util.Collection<UUID> ids) {
        return dsl.selectFrom(JOBS).where(JOBS.ID.in(ids)).fetch(JobRepository::toRow);
    }

    /** Moves a pending job to running and sets its deadline; returns false when it was not pending. */
    public boolean markRunning(UUID id, Instant now, Instant deadline) {
        return dsl.update(JOBS)
                .set(JOBS.STATUS, JobStatus.RUNNING.wireName())
                .set(JOBS.STARTED_AT, utc(now))
                .set(JOBS.DEADLINE_AT, utc(deadline))
                .set(JOBS.ATTEMPT, 1)
                .set(JOBS.UPDATED_AT, utc(now))
                .where(JOBS.ID.eq(id).and(JOBS.STATUS.eq(JobStatus.PENDING.wireName())))
                .execute() == 1;
    }

    /**
     * Moves a pending job of the given type whose start time has come to running, sets its deadline to {@code now}
     * plus its timeout, and returns the updated row, all in one statement. Returns empty, changing nothing, when the
     * job is missing, not pending, of another type or not due yet. The caller then reads the row to see which.
     */
    public Optional<JobRow> startIfPending(UUID id, String type, Instant now) {
        return startAllIfPending(List.of(new Start(id, type)), now).getFirst();
    }

    /** One job to start with {@link #startAllIfPending}. */
    public record Start(UUID id, String type) {
    }

    /**
     * Starts several jobs as {@link #startIfPending} does for each, all at {@code now} and with one statement, so a
     * group of them costs one commit. Returns one result per input, in input order.
     */
    public List<Optional<JobRow>> startAllIfPending(List<Start> starts, Instant now) {
        if (starts.isEmpty()) {
            return List.of();
        }
        java.util.Map<UUID, JobRow> started = new java.util.HashMap<>();
        // Sorted by id: two groups that share jobs then lock their rows in one order, as the plan walks the arrays.
        List<Start> byId = starts.stream().sorted(java.util.Comparator.comparing(Start::id)).toList();
        GroupStatements.start(dsl, byId, now).forEach(row -> started.put(row.id(), row));
        // A job id given twice is started once, and only its first input gets the row.
        List<Optional<JobRow>> results = new java.util.ArrayList<>(starts.size());
        for (Start start : starts) {
            results.add(Optional.ofNullable(started.remove(start.id())));
        }
        return results;
    }

    /**
     * Records a finished check of a running job: the check count moves past {@code check}, the attempt starts
     * over at 1, and the next check time, the interval chosen and the progress (when not {@code null}) are stored.
     * Returns false when the job is no longer running or another worker already recorded this check.
     */
    public boolean recordCheck(UUID id, int check, String runpodStatus, String progress, Duration interval,
                               Instant nextCheckAt, Instant now) {
        return dsl.update(JOBS)
                .set(JOBS.CHECKS, check + 1)
                .set(JOBS.ATTEMPT, 1)
                .set(JOBS.LAST_ERROR, (String) null)
                .set(JOBS.RUNPOD_STATUS, runpodStatus)
                .set(JOBS.PROGRESS, progress == null ? JOBS.PROGRESS : DSL.val(JSONB.valueOf(progress)))
                .set(JOBS.CHECK_INTERVAL_MS, interval.toMillis())
                .set(JOBS.NEXT_CHECK_AT, utc(nextCheckAt))
                .set(JOBS.UPDATED_AT, utc(now))
                .where(JOBS.ID.eq(id)
                        .and(JOBS.STATUS.eq(JobStatus.RUNNING.wireName()))
                        .and(JOBS.CHECKS.le(check)))
                .execute() == 1;
    }

    /**
     * Records a failed attempt that will be retried: the attempt number rises to {@code nextAttempt} and the
     * error is kept in {@code last_error}. Returns false when the job is no longer running, or the attempt was
     * already recorded by another delivery.
     */
    public boolean recordRetry(UUID id, int nextAttempt, String error, Instant retryAt, Instant now) {
        return dsl.update(JOBS)
                .set(JOBS.ATTEMPT, nextAttempt)
                .set(JOBS.LAST_ERROR, error)
                .set(JOBS.ATTEMPT_ERRORS, appendAttemptError(nextAttempt - 1, error, now))
                .set(JOBS.NEXT_CHECK_AT, utc(retryAt))
                .set(JOBS.UPDATED_AT, utc(now))
                .where(JOBS.ID.eq(id)
                        .and(JOBS.STATUS.eq(JobStatus.RUNNING.wireName()))
                        .and(JOBS.ATTEMPT.lt(nextAttempt)))
                .execute() == 1;
    }

    /**
     * Ends an unfinished job and stores its event in the outbox, in one transaction. Returns the outbox message, or
     * empty when the job had ended or another run of it had started since {@code seen} was read. Nothing changes then.
     */
    public Optional<OutboxMessage> finish(JobRow seen, Outcome outcome, Instant now,
                                          Function<JobRow, OutboxMessage> eventOf) {
        return finishAll(List.of(new Finish(seen, outcome, now, eventOf))).getFirst();
    }

    /**
     * One job to end with {@link #finishAll}: the arguments of {@link #finish}.
     *
     * @param seen the job as the caller last read it. Its run keeps an outcome of one run from ending the next.
     */
    public record Finish(JobRow seen, Outcome outcome, Instant now, Function<JobRow, OutboxMessage> eventOf) {

        public UUID id() {
            return seen.id();
        }
    }

    /**
     * Ends several jobs as {@link #finish} does for each, in one transaction of two statements (one UPDATE for every
     * row, one INSERT for every event), so a group of them costs one commit. Returns one result per input, in input
     * order: the event's outbox message, or empty when that job had already ended, started another run, or an earlier
     * input ended it. When the transaction fails, none of the jobs is changed.
     */
    public List<Optional<OutboxMessage>> finishAll(List<Finish> finishes) {
        java.util.Map<UUID, Finish> firstById = new java.util.LinkedHashMap<>();
        finishes.forEach(finish -> firstById.putIfAbsent(finish.id(), finish));
        // Sorted by id: two groups that share jobs then lock their rows in one order, as the plan walks the arrays.
        List<Finish> distinct = firstById.values().stream().sorted(java.util.Comparator.comparing(Finish::id)).toList();
        java.util.Map<Finish, OutboxMessage> events = dsl.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            List<JobRow> ended = GroupStatements.end(transaction, distinct);
            List<OutboxMessage> messages = OutboxRepository.insertAll(transaction,
                    ended.stream().map(row -> firstById.get(row.id()).eventOf().apply(row)).toList());
            java.util.Map<Finish, OutboxMessage> byFinish = new java.util.IdentityHashMap<>();
            for (int i = 0; i < ended.size(); i++) {
                byFinish.put(firstById.get(ended.get(i).id()), messages.get(i));
            }
            return byFinish;
        });
        return finishes.stream().map(finish -> Optional.ofNullable(events.get(finish))).toList();
    }

    /** {@code attempt_errors || [{"attempt": n, "error": "...", "at": "..."}]}, built by PostgreSQL. */
    private static Field<JSONB> appendAttemptError(int attempt, String error, Instant at) {
        return DSL.field("{0} || jsonb_build_array(jsonb_build_object('attempt', {1}, 'error', {2}, 'at', {3}))",
                JOBS.ATTEMPT_ERRORS.getDataType(), JOBS.ATTEMPT_ERRORS, DSL.val(attempt), DSL.val(error),
                DSL.val(at.toString()));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** Maps a record of the {@code jobs} table, for queries that select whole rows. */
    public static JobRow toRow(JobsRecord row) {
        return new JobRow(
                row.getId(),
                row.getType(),
                JobStatus.fromWireName(row.getStatus()),
                row.getPayload().data(),
                row.getResult() == null ? null : row.getResult().data(),
                row.getError(),
                instant(row.getCreatedAt()),
                instant(row.getStartedAt()),
                instant(row.getCompletedAt()),
                instant(row.getUpdatedAt()),
                row.getAttempt(),
                row.getMaxAttempts(),
                Duration.ofMillis(row.getRetryDelayMs()),
                Duration.ofMillis(row.getTimeoutMs()),
                Duration.ofMillis(row.getPollIntervalMs()),
                instant(row.getDeadlineAt()),
                instant(row.getNextCheckAt()),
                row.getChecks(),
                row.getLastError(),
                row.getRunpodJobId(),
                row.getRunpodStatus(),
                row.getIdempotencyKey(),
                row.getProgress() == null ? null : row.getProgress().data(),
                row.getCheckIntervalMs() == null ? null : Duration.ofMillis(row.getCheckIntervalMs()),
                row.getAttemptErrors().data(),
                row.getRun(),
                instant(row.getRunAt()),
                instant(row.getRemoteCancelledAt()));
    }
}
