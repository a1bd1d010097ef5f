package dev.jobs.store.outbox;

import dev.jobs.store.generated.tables.records.JobOutboxRecord;
import dev.jobs.store.sql.ArrayColumns;
import dev.jobs.store.sql.FixedStatement;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.jobs.store.generated.Tables.JOB_OUTBOX;

/** Reads and changes outbox rows. */
public final class OutboxRepository {

    /**
     * The messages of {@link #columns} as a derived table {@code m}, with the columns that an INSERT of outbox rows
     * reads, for a {@code FROM} clause.
     */
    public static final String ROWS = "unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])"
            + " AS m(job_id, exchange, routing_key, message_id, body, deliver_at)";

    /** Reads its rows from arrays, so its text is the same for any number of messages. */
    private static final String INSERT_ALL = """
            INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body, deliver_at)
            SELECT m.job_id, m.exchange, m.routing_key, m.message_id, m.body, m.deliver_at
            FROM %s
            RETURNING id, job_id""".formatted(ROWS);

    static final String DELETE_ALL = "DELETE FROM job_outbox WHERE id = ANY(?::int8[])";

    private final DSLContext dsl;

    public OutboxRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts the message with the given context, normally inside the transaction of the row change it announces. */
    public static OutboxMessage insert(DSLContext transaction, OutboxMessage message) {
        long id = transaction.insertInto(JOB_OUTBOX)
                .set(JOB_OUTBOX.JOB_ID, message.jobId())
                .set(JOB_OUTBOX.EXCHANGE, message.exchange())
                .set(JOB_OUTBOX.ROUTING_KEY, message.routingKey())
                .set(JOB_OUTBOX.MESSAGE_ID, message.messageId())
                .set(JOB_OUTBOX.BODY, message.body())
                .set(JOB_OUTBOX.DELIVER_AT, message.deliverAt() == null ? null : message.deliverAt().atOffset(ZoneOffset.UTC))
                .returning(JOB_OUTBOX.ID)
                .fetchOne()
                .getId();
        return message.withId(id);
    }

    /**
     * Inserts several messages with one multi-row statement in the caller's transaction and returns them with their
     * ids, in the given order. Each message must belong to a different job, because the ids are matched back by job.
     */
    public static List<OutboxMessage> insertAll(DSLContext transaction, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        Map<UUID, Long> idByJob = new HashMap<>();
        ArrayColumns<OutboxMessage> input = columns(messages);
        FixedStatement.query(transaction, INSERT_ALL, statement -> input.bind(statement, 1),
                        row -> Map.entry(row.getObject("job_id", UUID.class), row.getLong("id")))
                .forEach(entry -> idByJob.put(entry.getKey(), entry.getValue()));
        return messages.stream().map(message -> message.withId(idByJob.get(message.jobId()))).toList();
    }

    /** Returns the messages as the arrays that {@link #ROWS} reads, in its order. */
    public static ArrayColumns<OutboxMessage> columns(List<OutboxMessage> messages) {
        return ArrayColumns.of(messages)
                .uuid(OutboxMessage::jobId)
                .text(OutboxMessage::exchange)
                .text(OutboxMessage::routingKey)
                .text(OutboxMessage::messageId)
                .text(OutboxMessage::body)
                .instant(OutboxMessage::deliverAt);
    }

    /**
     * Deletes the rows of messages the broker confirmed, in one statement, planned on every run with the table's
     * current size. A plan kept from when the outbox was nearly empty would read the whole table, whose pages keep
     * every deleted row until a vacuum, and nothing replaces that plan while autovacuum is off. The statement runs a
     * few times a second at most, so planning it costs little.
     */
    public void deleteAll(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            ArrayColumns<Long> input = ArrayColumns.of(List.copyOf(ids)).int8(id -> id);
            FixedStatement.update(dsl, DELETE_ALL, statement -> {
                FixedStatement.planEveryRun(statement);
                input.bind(statement, 1);
            });
        }
    }

    /** Deletes the row of a message the broker confirmed. */
    public void delete(long id) {
        dsl.deleteFrom(JOB_OUTBOX).where(JOB_OUTBOX.ID.eq(id)).execute();
    }

    /**
     * Claims up to {@code limit} rows written before {@code olderThan} for one relay pass: the rows are locked
     * with {@code SKIP LOCKED} inside the caller's transaction, so two relays never publish the same row at once.
     * Ordered by id with a limit, the query reads the primary key index, so the plan PostgreSQL keeps for it reads
     * by key even when it was made on an empty outbox.
     */
    public static List<OutboxMessage> claimStale(DSLContext transaction, Instant olderThan, int limit) {
        return transaction.selectFrom(JOB_OUTBOX)
                .where(JOB_OUTBOX.CREATED_AT.lt(olderThan.atOffset(ZoneOffset.UTC)))
                .orderBy(JOB_OUTBOX.ID)
                .limit(limit)
                .forUpdate()
                .skipLocked()
                .fetch(OutboxRepository::toMessage);
    }

    public static void delete(DSLContext transaction, long id) {
        transaction.deleteFrom(JOB_OUTBOX).where(JOB_OUTBOX.ID.eq(id)).execute();
    }

    public static void countAttempt(DSLContext transaction, long id) {
        transaction.update(JOB_OUTBOX)
                .set(JOB_OUTBOX.PUBLISH_ATTEMPTS, JOB_OUTBOX.PUBLISH_ATTEMPTS.plus(1))
                .where(JOB_OUTBOX.ID.eq(id))
                .execute();
    }

    public int countPending() {
        return dsl.fetchCount(JOB_OUTBOX);
    }

    private static OutboxMessage toMessage(JobOutboxRecord row) {
        return new OutboxMessage(row.getId(), row.getJobId(), row.getExchange(), row.getRoutingKey(),
                row.getMessageId(), row.getBody(), row.getCreatedAt().toInstant(), row.getPublishAttempts(),
                row.getDeliverAt() == null ? null : row.getDeliverAt().toInstant());
    }
}
