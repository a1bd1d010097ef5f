package dev.jobs.store.job;

import dev.jobs.api.JobStatus;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import dev.jobs.store.sql.ArrayColumns;
import dev.jobs.store.sql.FixedStatement;
import org.jooq.DSLContext;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The statements that insert, start or end a group of jobs at once, run for every job. Each reads its rows from
 * parallel arrays ({@link ArrayColumns}), so its text is the same for any number of jobs, and runs through
 * {@link FixedStatement}: the driver prepares it once per connection, and nothing is rendered per call. The rows
 * come back whole ({@code jobs.*}) and are read by {@link JobRowReader}.
 *
 * <p>The start and end statements write their status condition as {@code (…) IS TRUE}, which no index can serve.
 * Otherwise PostgreSQL may plan them through the {@code (status, type)} index: it then reads every pending job's index
 * entries, dead ones included, once per statement. With a backlog, or before the table's statistics catch up with its
 * growth, that cost grows with the table, and it did in the benchmark. Without that path the rows are found by primary
 * key: on a table of 60,000 rows whose statistics were taken at 30, both the custom and the generic plan used it.
 * Without the session settings of {@link dev.jobs.store.sql.KeyLookupPlans}, a table of a few thousand rows may
 * still be read whole (seen at 3,000).
 */
final class GroupStatements {

    private static final String PENDING = "'" + JobStatus.PENDING.wireName() + "'";
    private static final String RUNNING = "'" + JobStatus.RUNNING.wireName() + "'";

    /**
     * Inserts the jobs and their outbox rows in one statement. Run outside a transaction, it commits both at once in
     * one round trip to the server, where an explicit transaction of two INSERTs takes three.
     */
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO jobs (id, type, status, payload, max_attempts, retry_delay_ms, timeout_ms, poll_interval_ms,
                                  runpod_job_id, run_at)
                SELECT n.id, n.type, %s, n.payload::jsonb, n.max_attempts, n.retry_delay_ms, n.timeout_ms,
                       n.poll_interval_ms, n.runpod_job_id, n.run_at
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int4[], ?::int8[], ?::int8[], ?::int8[], ?::text[],
                            ?::timestamptz[])
                    AS n(id, type, payload, max_attempts, retry_delay_ms, timeout_ms, poll_interval_ms, runpod_job_id,
                         run_at)
                RETURNING *),
            queued AS (
                INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body, deliver_at)
                SELECT m.job_id, m.exchange, m.routing_key, m.message_id, m.body, m.deliver_at
                FROM %s
                RETURNING id, job_id)
            SELECT inserted.*, queued.id AS outbox_id
            FROM inserted JOIN queued ON queued.job_id = inserted.id""".formatted(PENDING, OutboxRepository.ROWS);

    private static final String START = """
            UPDATE jobs
            SET status = %s, started_at = ?::timestamptz,
                deadline_at = ?::timestamptz + jobs.timeout_ms * interval '1 millisecond', attempt = 1,
                updated_at = ?::timestamptz
            FROM unnest(?::uuid[], ?::text[]) AS s(id, type)
            WHERE jobs.id = s.id AND jobs.type = s.type AND (jobs.status = %s) IS TRUE
              AND (jobs.run_at IS NULL OR jobs.run_at <= ?::timestamptz)
            RETURNING jobs.*""".formatted(RUNNING, PENDING);

    private static final String END = """
            UPDATE jobs
            SET status = f.status, result = f.result::jsonb, error = f.error,
                runpod_status = coalesce(f.runpod_status, jobs.runpod_status),
                completed_at = f.at::timestamptz, updated_at = f.at::timestamptz, next_check_at = NULL,
                attempt_errors = CASE WHEN f.failed_attempt IS NULL THEN jobs.attempt_errors
                    ELSE jobs.attempt_errors || jsonb_build_array(
                        jsonb_build_object('attempt', f.failed_attempt, 'error', f.error, 'at', f.at)) END
            FROM unnest(?::uuid[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[])
                AS f(id, run, status, result, error, runpod_status, failed_attempt, at)
            WHERE jobs.id = f.id AND jobs.run = f.run AND (jobs.status IN (%s, %s)) IS TRUE
            RETURNING jobs.*""".formatted(PENDING, RUNNING);

    private GroupStatements() {
    }

    /** A job inserted by {@link #insert}, with the id of its outbox row. */
    record InsertedRow(JobRow job, long outboxId) {
    }

    /**
     * Inserts pending jobs without idempotency keys and their outbox messages, one per job and in the same order,
     * with one statement. Returns each job's row with its outbox row id, in no particular order.
     */
    static List<InsertedRow> insert(DSLContext dsl, List<NewJob> jobs, List<OutboxMessage> messages) {
        ArrayColumns<NewJob> input = ArrayColumns.of(jobs)
                .uuid(NewJob::id)
                .text(NewJob::type)
                .text(NewJob::payload)
                .int4(NewJob::maxAttempts)
                .int8(job -> job.retryDelay().toMillis())
                .int8(job -> job.timeout().toMillis())
                .int8(job -> job.pollInterval().toMillis())
                .text(NewJob::runpodJobId)
                .instant(NewJob::runAt);
        ArrayColumns<OutboxMessage> queued = OutboxRepository.columns(messages);
        return FixedStatement.query(dsl, INSERT, statement -> queued.bind(statement, input.bind(statement, 1)),
                row -> new InsertedRow(JobRowReader.read(row), row.getLong("outbox_id")));
    }

    /** Starts the pending, due jobs among {@code starts} whose type matches; returns their rows in no particular order. */
    static List<JobRow> start(DSLContext dsl, List<JobRepository.Start> starts, Instant now) {
        ArrayColumns<JobRepository.Start> input = ArrayColumns.of(starts)
                .uuid(JobRepository.Start::id)
                .text(JobRepository.Start::type);
        return FixedStatement.query(dsl, START, statement -> {
            int next = setTimes(statement, 1, now, 3);
            setTimes(statement, input.bind(statement, next), now, 1);
        }, JobRowReader::read);
    }

    /**
     * Ends the jobs among {@code finishes} (distinct ids) that are unfinished and still in the run their caller read.
     * Returns their rows in no particular order.
     */
    static List<JobRow> end(DSLContext transaction, List<JobRepository.Finish> finishes) {
        ArrayColumns<JobRepository.Finish> input = ArrayColumns.of(finishes)
                .uuid(JobRepository.Finish::id)
                .int4(finish -> finish.seen().run())
                .text(finish -> finish.outcome().status().wireName())
                .text(finish -> finish.outcome().result())
                .text(finish -> finish.outcome().error())
                .text(finish -> finish.outcome().runpodStatus())
                .int4(finish -> finish.outcome().failedAttempt())
                .instant(JobRepository.Finish::now);
        return FixedStatement.query(transaction, END, statement -> input.bind(statement, 1), JobRowReader::read);
    }

    /**
     * Sets {@code count} parameters from {@code first} on to {@code at}, and returns the next free parameter index.
     * The instant goes as ISO-8601 text, as {@link ArrayColumns#instant} sends it, so PostgreSQL rounds every time of
     * a row to microseconds by one rule. The driver would round a half microsecond the other way.
     */
    private static int setTimes(PreparedStatement statement, int first, Instant at, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            statement.setString(first + i, at.toString());
        }
        return first + count;
    }
}
