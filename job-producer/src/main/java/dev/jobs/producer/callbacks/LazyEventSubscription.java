package dev.jobs.producer.callbacks;

import dev.jobs.api.message.JobEvent;
import dev.jobs.api.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The subscription to job events, made on an executor when requested, so a request never waits for the broker. A
 * silent or unreachable broker delays the subscription, not the caller, and a request after a failed attempt tries
 * again.
 */
final class LazyEventSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LazyEventSubscription.class);

    private final CachingConnectionFactory connectionFactory;
    private final Topology topology;
    private final Consumer<JobEvent> onEvent;
    private final Executor executor;
    private final AtomicBoolean attempting = new AtomicBoolean();
    private EventSubscription subscription;
    private boolean closed;

    LazyEventSubscription(CachingConnectionFactory connectionFactory, Topology topology, Consumer<JobEvent> onEvent,
                          Executor executor) {
        this.connectionFactory = connectionFactory;
        this.topology = topology;
        this.onEvent = onEvent;
        this.executor = executor;
    }

    /** Starts subscribing on the executor, unless subscribed, closed or already attempting, and returns at once. */
    void request() {
        synchronized (this) {
            if (subscription != null || closed) {
                return;
            }
        }
        if (!attempting.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::subscribe);
        } catch (RejectedExecutionException e) {
            // The executor stopped because the manager is closing.
            attempting.set(false);
        }
    }

    private void subscribe() {
        try {
            EventSubscription created = new EventSubscription(connectionFactory, topology, onEvent);
            boolean keep;
            synchronized (this) {
                keep = !closed;
                if (keep) {
                    subscription = created;
                }
            }
            if (!keep) {
                created.close();
            }
        } catch (AmqpException e) {
            log.warn("Subscribing to job events failed, so callbacks fire from the row sweep until a later attempt"
                    + " succeeds: {}", e.getMessage());
        } finally {
            attempting.set(false);
        }
    }

    @Override
    public void close() {
        EventSubscription current;
        synchronized (this) {
            closed = true;
            current = subscription;
            subscription = null;
        }
        if (current != null) {
            current.close();
        }
    }
}
