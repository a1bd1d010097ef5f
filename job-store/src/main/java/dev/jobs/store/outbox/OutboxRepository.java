package dev.jobs.store.outbox;

import dev.jobs.store.generated.tables.records.JobOutboxRecord;
import dev.jobs.store.sql.Unnest;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

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

    /** Reads its rows from arrays (see {@link Unnest}), so its text is the same for any number of messages. */
    private static final String INSERT_ALL = """
            INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body, deliver_at)
            SELECT m.job_id, m.exchange, m.routing_key, m.message_id, m.body, m.deliver_at
            FROM {0}
            RETURNING id, job_id""";

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
        transaction.resultQuery(INSERT_ALL, unnest("m", messages).table()).coerce(JOB_OUTBOX.ID, JOB_OUTBOX.JOB_ID).fetch()
                .forEach(row -> idByJob.put(row.value2(), row.value1()));
        return messages.stream().map(message -> message.withId(idByJob.get(message.jobId()))).toList();
    }

    /**
     * Returns the messages as arrays for {@code FROM unnest(…) AS alias(job_id, exchange, routing_key, message_id,
     * body, deliver_at)}, the columns that an INSERT of outbox rows reads.
     */
    public static Unnest<OutboxMessage> unnest(String alias, List<OutboxMessage> messages) {
        return Unnest.of(alias, messages)
                .column("job_id", SQLDataType.UUID, OutboxMessage::jobId)
                .column("exchange", SQLDataType.VARCHAR, OutboxMessage::exchange)
                .column("routing_key", SQLDataType.VARCHAR, OutboxMessage::routingKey)
                .column("message_id", SQLDataType.VARCHAR, OutboxMessage::messageId)
                .column("body", SQLDataType.CLOB, OutboxMessage::body)
                .column("deliver_at", SQLDataType.TIMESTAMPWITHTIMEZONE, message ->
                        message.deliverAt() == null ? null : message.deliverAt().atOffset(ZoneOffset.UTC));
    }

    /** Deletes the rows of messages the broker confirmed, in one statement. */
    public void deleteAll(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            dsl.execute("DELETE FROM job_outbox WHERE id = ANY({0})", Unnest.array(ids.toArray(Long[]::new), SQLDataType.BIGINT));
        }
    }

    /** Deletes the row of a message the broker confirmed. */
    public void delete(long id) {
        dsl.deleteFrom(JOB_OUTBOX).where(JOB_OUTBOX.ID.eq(id)).execute();
    }

    /**
     * Claims up to {@code limit} rows written before {@code olderThan} for one relay pass: the rows are locked
     * with {@code SKIP LOCKED} inside the caller's transaction, so two relays never publish the same row at once.
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
