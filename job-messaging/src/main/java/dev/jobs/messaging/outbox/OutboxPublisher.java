package dev.jobs.messaging.outbox;

import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.publish.PublishFailedException;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Publishes a committed outbox row right away and deletes it once confirmed. When the broker is unreachable the
 * row stays, and {@link OutboxRelay} publishes it later: the caller's work is already committed and not lost.
 */
public final class OutboxPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final ConfirmedPublisher publisher;
    private final OutboxRepository outbox;

    public OutboxPublisher(ConfirmedPublisher publisher, OutboxRepository outbox) {
        this.publisher = publisher;
        this.outbox = outbox;
    }

    /** Returns true when the message was confirmed and its row deleted, false when it was left for the relay. */
    public boolean publishNow(OutboxMessage message) {
        try {
            send(publisher, message);
        } catch (PublishFailedException e) {
            log.warn("Publish of {} for Job(id={}) failed, the outbox relay will retry it: {}",
                    message.routingKey(), message.jobId(), e.getMessage());
            return false;
        }
        outbox.delete(message.id());
        return true;
    }

    static void send(ConfirmedPublisher publisher, OutboxMessage message) {
        publisher.publish(message.exchange(), message.routingKey(), message.messageId(),
                message.body().getBytes(StandardCharsets.UTF_8));
    }
}
