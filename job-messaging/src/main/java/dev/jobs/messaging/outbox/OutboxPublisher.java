package dev.jobs.messaging.outbox;

import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.publish.PublishFailedException;
import dev.jobs.messaging.publish.UnroutableMessageException;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jobs.messaging.delay.DelayScheduler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Publishes a committed outbox row right away and, once confirmed, has it deleted in the background. When the broker
 * is unreachable the row stays, and {@link OutboxRelay} publishes it later: the caller's work is already committed
 * and not lost.
 *
 * <p>A job event that no queue is bound for counts as published: no subscriber waits for it, and the job's row
 * keeps its outcome. A job message that no queue takes is an error, because the job would not run.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final DelayScheduler delays;
    private final Clock clock;
    private final OutboxCleaner cleaner;

    public OutboxPublisher(ConfirmedPublisher publisher, Topology topology, OutboxRepository outbox, DelayScheduler delays,
                           Clock clock) {
        this.publisher = publisher;
        this.topology = topology;
        this.delays = delays;
        this.clock = clock;
        this.cleaner = new OutboxCleaner(outbox);
    }

    /** Returns true when the message was confirmed (its row is deleted soon after), false when it was left for the relay. */
    public boolean publishNow(OutboxMessage message) {
        try {
            send(message);
        } catch (PublishFailedException e) {
            log.warn("Publish of {} for Job(id={}) failed, the outbox relay will retry it: {}",
                    message.routingKey(), message.jobId(), e.getMessage());
            return false;
        }
        cleaner.delete(List.of(message.id()));
        return true;
    }

    /**
     * Publishes committed rows together: every message due now is sent on one channel before any confirm is awaited,
     * then the rows of the confirmed ones are handed to the background delete. A message that fails is left for the
     * relay like in {@link #publishNow}. Returns the ids of the rows confirmed.
     */
    public Set<Long> publishAllNow(List<OutboxMessage> messages) {
        List<OutboxMessage> due = new ArrayList<>(messages.size());
        Set<Long> confirmed = new HashSet<>();
        for (OutboxMessage message : messages) {
            if (isDue(message)) {
                due.add(message);
                continue;
            }
            try {
                send(message);
                confirmed.add(message.id());
            } catch (PublishFailedException e) {
                warnLeftForRelay(message, e);
            }
        }
        List<ConfirmedPublisher.Confirmation> confirmations = publisher.publishAll(due.stream()
                .map(message -> new ConfirmedPublisher.Outgoing(message.exchange(), message.routingKey(),
                        message.messageId(), message.body().getBytes(StandardCharsets.UTF_8)))
                .toList());
        for (int i = 0; i < confirmations.size(); i++) {
            try {
                confirmations.get(i).verify();
                confirmed.add(due.get(i).id());
            } catch (UnroutableMessageException e) {
                if (dropUnrouted(due.get(i), e)) {
                    confirmed.add(due.get(i).id());
                } else {
                    warnLeftForRelay(due.get(i), e);
                }
            } catch (PublishFailedException e) {
                warnLeftForRelay(due.get(i), e);
            }
        }
        cleaner.delete(confirmed);
        return confirmed;
    }

    /** Deletes the rows of the messages confirmed so far, waiting a few seconds at most. */
    @Override
    public void close() throws InterruptedException {
        cleaner.close();
    }

    private boolean isDue(OutboxMessage message) {
        return message.deliverAt() == null || !message.deliverAt().isAfter(clock.instant());
    }

    private static void warnLeftForRelay(OutboxMessage message, PublishFailedException e) {
        log.warn("Publish of {} for Job(id={}) failed, the outbox relay will retry it: {}",
                message.routingKey(), message.jobId(), e.getMessage());
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
        try {
            publisher.publish(message.exchange(), message.routingKey(), message.messageId(), body);
        } catch (UnroutableMessageException e) {
            if (!dropUnrouted(message, e)) {
                throw e;
            }
        }
    }

    /** Returns whether the unroutable message is an event, which is then dropped, and logs the drop. */
    private boolean dropUnrouted(OutboxMessage message, UnroutableMessageException e) {
        // NOTE: an event row of another prefix that shares this database is not recognized as an event here, so the
        // relay keeps it as an unroutable message.
        if (!message.exchange().equals(topology.eventsExchange())) {
            return false;
        }
        log.debug("No queue is bound for event {} of Job(id={}), so it was dropped: {}", message.routingKey(),
                message.jobId(), e.getMessage());
        return true;
    }
}
