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
        Unnest<OutboxMessage> input = Unnest.of("m", messages);
        var insert = transaction.insertInto(JOB_OUTBOX, JOB_OUTBOX.JOB_ID, JOB_OUTBOX.EXCHANGE, JOB_OUTBOX.ROUTING_KEY,
                        JOB_OUTBOX.MESSAGE_ID, JOB_OUTBOX.BODY, JOB_OUTBOX.DELIVER_AT)
                .select(DSL.select(
                                input.column("job_id", SQLDataType.UUID, OutboxMessage::jobId),
                                input.column("exchange", SQLDataType.VARCHAR, OutboxMessage::exchange),
                                input.column("routing_key", SQLDataType.VARCHAR, OutboxMessage::routingKey),
                                input.column("message_id", SQLDataType.VARCHAR, OutboxMessage::messageId),
                                input.column("body", SQLDataType.CLOB, OutboxMessage::body),
                                input.column("deliver_at", SQLDataType.TIMESTAMPWITHTIMEZONE, message ->
                                        message.deliverAt() == null ? null : message.deliverAt().atOffset(ZoneOffset.UTC)))
                        .from(input.table()));
        Map<UUID, Long> idByJob = new HashMap<>();
        insert.returning(JOB_OUTBOX.ID, JOB_OUTBOX.JOB_ID).fetch()
                .forEach(row -> idByJob.put(row.getJobId(), row.getId()));
        return messages.stream().map(message -> message.withId(idByJob.get(message.jobId()))).toList();
    }

    /** Deletes the rows of messages the broker confirmed, in one statement. */
    public void deleteAll(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            dsl.deleteFrom(JOB_OUTBOX).where(JOB_OUTBOX.ID.eq(DSL.any(ids.toArray(Long[]::new)))).execute();
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
