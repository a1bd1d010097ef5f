package dev.jobs.messaging.outbox;

import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.publish.PublishFailedException;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jobs.messaging.delay.DelayScheduler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Publishes a committed outbox row right away and deletes it once confirmed. When the broker is unreachable the
 * row stays, and {@link OutboxRelay} publishes it later: the caller's work is already committed and not lost.
 */
public final class OutboxPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final ConfirmedPublisher publisher;
    private final OutboxRepository outbox;
    private final DelayScheduler delays;
    private final Clock clock;

    public OutboxPublisher(ConfirmedPublisher publisher, OutboxRepository outbox, DelayScheduler delays, Clock clock) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.delays = delays;
        this.clock = clock;
    }

    /** Returns true when the message was confirmed and its row deleted, false when it was left for the relay. */
    public boolean publishNow(OutboxMessage message) {
        try {
            send(message);
        } catch (PublishFailedException e) {
            log.warn("Publish of {} for Job(id={}) failed, the outbox relay will retry it: {}",
                    message.routingKey(), message.jobId(), e.getMessage());
            return false;
        }
        outbox.delete(message.id());
        return true;
    }

    /**
     * Publishes without touching the outbox row. A message due later goes through the delay queues, which return it
     * to the work exchange at its time.
     */
    void send(OutboxMessage message) {
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        Instant now = clock.instant();
        if (message.deliverAt() != null && message.deliverAt().isAfter(now)) {
            delays.schedule(message.routingKey(), message.messageId(), body, Duration.between(now, message.deliverAt()));
            return;
        }
        publisher.publish(message.exchange(), message.routingKey(), message.messageId(), body);
    }
}
