package dev.jobs.store.job;

import dev.jobs.api.JobStatus;
import dev.jobs.store.generated.tables.records.JobsRecord;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import dev.jobs.store.sql.Unnest;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static dev.jobs.store.generated.Tables.JOBS;

/**
 * The statements that insert, start or end a group of jobs at once. Each reads its rows from arrays through
 * {@link Unnest}, so its text is fixed. jOOQ renders only the short {@code unnest} part per call, and the driver
 * prepares each statement once per connection. The rows come back coerced to the generated {@code jobs} record, whose
 * columns are in table order, as {@code jobs.*} returns them.
 *
 * <p>The start and end statements write their status condition as {@code (…) IS TRUE}, which no index can serve.
 * Otherwise PostgreSQL may plan them through the {@code (status, type)} index: it then reads every pending job's index
 * entries, dead ones included, once per statement. With a backlog, or before the table's statistics catch up with its
 * growth, that cost grows with the table, and it did in the benchmark. Without that path the rows are found by primary
 * key: on a table of 60,000 rows whose statistics were taken at 30, both the custom and the generic plan used it.
 * A table of a few thousand rows may still be read whole (seen at 3,000), which costs little at that size.
 */
final class GroupStatements {

    /** The name under which {@link #INSERT} returns each job's outbox row id, beside the job's columns. */
    static final String OUTBOX_ID = "outbox_id";

    /**
     * Inserts the jobs and their outbox rows in one statement. Run outside a transaction, it commits both at once in
     * one round trip to the server, where an explicit transaction of two INSERTs takes three.
     */
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO jobs (id, type, status, payload, max_attempts, retry_delay_ms, timeout_ms, poll_interval_ms,
                                  runpod_job_id, run_at)
                SELECT n.id, n.type, {2}, n.payload::jsonb, n.max_attempts, n.retry_delay_ms, n.timeout_ms,
                       n.poll_interval_ms, n.runpod_job_id, n.run_at
                FROM {0}
                RETURNING *),
            queued AS (
                INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body, deliver_at)
                SELECT m.job_id, m.exchange, m.routing_key, m.message_id, m.body, m.deliver_at
                FROM {1}
                RETURNING id, job_id)
            SELECT inserted.*, queued.id AS outbox_id
            FROM inserted JOIN queued ON queued.job_id = inserted.id""";

    private static final String START = """
            UPDATE jobs
            SET status = {1}, started_at = {3}, deadline_at = {3} + jobs.timeout_ms * interval '1 millisecond',
                attempt = 1, updated_at = {3}
            FROM {0}
            WHERE jobs.id = s.id AND jobs.type = s.type AND (jobs.status = {2}) IS TRUE
              AND (jobs.run_at IS NULL OR jobs.run_at <= {3})
            RETURNING jobs.*""";

    private static final String END = """
            UPDATE jobs
            SET status = f.status, result = f.result::jsonb, error = f.error,
                runpod_status = coalesce(f.runpod_status, jobs.runpod_status),
                completed_at = f.at, updated_at = f.at, next_check_at = NULL,
                attempt_errors = CASE WHEN f.failed_attempt IS NULL THEN jobs.attempt_errors
                    ELSE jobs.attempt_errors || jsonb_build_array(
                        jsonb_build_object('attempt', f.failed_attempt, 'error', f.error, 'at', f.at_text)) END
            FROM {0}
            WHERE jobs.id = f.id AND (jobs.status IN ({1}, {2})) IS TRUE
            RETURNING jobs.*""";

    private GroupStatements() {
    }

    /**
     * Inserts pending jobs without idempotency keys and their outbox messages, one per job and in the same order,
     * with one statement. Returns each job's row with its outbox row id ({@link #OUTBOX_ID}), in no particular order.
     */
    static Result<Record> insert(DSLContext dsl, List<NewJob> jobs, List<OutboxMessage> messages) {
        var input = Unnest.of("n", jobs)
                .column("id", SQLDataType.UUID, NewJob::id)
                .column("type", SQLDataType.VARCHAR, NewJob::type)
                .column("payload", SQLDataType.CLOB, NewJob::payload)
                .column("max_attempts", SQLDataType.INTEGER, NewJob::maxAttempts)
                .column("retry_delay_ms", SQLDataType.BIGINT, job -> job.retryDelay().toMillis())
                .column("timeout_ms", SQLDataType.BIGINT, job -> job.timeout().toMillis())
                .column("poll_interval_ms", SQLDataType.BIGINT, job -> job.pollInterval().toMillis())
                .column("runpod_job_id", SQLDataType.VARCHAR, NewJob::runpodJobId)
                .column("run_at", SQLDataType.TIMESTAMPWITHTIMEZONE, job -> JobRepository.utc(job.runAt()));
        Field<?>[] columns = Arrays.copyOf(JOBS.fields(), JOBS.fields().length + 1);
        columns[columns.length - 1] = DSL.field(DSL.name(OUTBOX_ID), SQLDataType.BIGINT);
        return dsl.resultQuery(INSERT, input.table(), OutboxRepository.unnest("m", messages).table(),
                        DSL.inline(JobStatus.PENDING.wireName()))
                .coerce(columns)
                .fetch();
    }

    /** Starts the pending, due jobs among {@code starts} whose type matches; returns their rows in no particular order. */
    static Result<JobsRecord> start(DSLContext dsl, List<JobRepository.Start> starts, Instant now) {
        var input = Unnest.of("s", starts)
                .column("id", SQLDataType.UUID, JobRepository.Start::id)
                .column("type", SQLDataType.VARCHAR, JobRepository.Start::type);
        return dsl.resultQuery(START, input.table(), DSL.inline(JobStatus.RUNNING.wireName()),
                        DSL.inline(JobStatus.PENDING.wireName()), DSL.val(JobRepository.utc(now)))
                .coerce(JOBS)
                .fetch();
    }

    /** Ends the unfinished jobs among {@code finishes}, whose ids must be distinct; returns their rows in no particular order. */
    static Result<JobsRecord> end(DSLContext transaction, List<JobRepository.Finish> finishes) {
        var input = Unnest.of("f", finishes)
                .column("id", SQLDataType.UUID, JobRepository.Finish::id)
                .column("status", SQLDataType.VARCHAR, finish -> finish.outcome().status().wireName())
                .column("result", SQLDataType.CLOB, finish -> finish.outcome().result())
                .column("error", SQLDataType.CLOB, finish -> finish.outcome().error())
                .column("runpod_status", SQLDataType.VARCHAR, finish -> finish.outcome().runpodStatus())
                .column("failed_attempt", SQLDataType.INTEGER, finish -> finish.outcome().failedAttempt())
                .column("at", SQLDataType.TIMESTAMPWITHTIMEZONE, finish -> JobRepository.utc(finish.now()))
                .column("at_text", SQLDataType.VARCHAR, finish -> finish.now().toString());
        return transaction.resultQuery(END, input.table(), DSL.inline(JobStatus.PENDING.wireName()),
                        DSL.inline(JobStatus.RUNNING.wireName()))
                .coerce(JOBS)
                .fetch();
    }
}
