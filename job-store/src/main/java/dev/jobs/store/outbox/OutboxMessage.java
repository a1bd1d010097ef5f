package dev.jobs.store.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A message waiting to be published.
 *
 * @param id              the outbox row id, {@code 0} before it is stored
 * @param jobId           the job the message is about
 * @param exchange        target exchange
 * @param routingKey      routing key
 * @param messageId       AMQP message id; the event id for events, so a republished copy keeps it
 * @param body            JSON body
 * @param createdAt       when the row was written, {@code null} before it is stored
 * @param publishAttempts how many times a publish of this row was tried
 * @param deliverAt       the message must not reach its exchange before this time, or {@code null} for at once
 */
public record OutboxMessage(long id, UUID jobId, String exchange, String routingKey, String messageId, String body,
                            Instant createdAt, int publishAttempts, Instant deliverAt) {

    public static OutboxMessage of(UUID jobId, String exchange, String routingKey, String messageId, String body) {
        return new OutboxMessage(0, jobId, exchange, routingKey, messageId, body, null, 0, null);
    }

    public OutboxMessage deliveredAt(Instant time) {
        return new OutboxMessage(id, jobId, exchange, routingKey, messageId, body, createdAt, publishAttempts, time);
    }

    public OutboxMessage withId(long newId) {
        return new OutboxMessage(newId, jobId, exchange, routingKey, messageId, body, createdAt, publishAttempts, deliverAt);
    }
}
