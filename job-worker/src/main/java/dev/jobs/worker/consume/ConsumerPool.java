package dev.jobs.worker.consume;

import dev.jobs.messaging.topology.TopologyDeclarer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The worker's consumers: {@code concurrency} of them on each job type's queue, so a slow type never holds back a
 * fast one. Each consumer has its own channel and thread and processes its deliveries in batches. On stop every
 * consumer finishes the delivery in progress, all side by side, within one grace period.
 */
public final class ConsumerPool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerPool.class);

    private final ConnectionFactory connectionFactory;
    private final TopologyDeclarer declarer;
    private final JobMessageListener listener;
    private final Collection<String> types;
    private final int prefetch;
    private final int concurrency;
    private final Duration shutdownGrace;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private volatile boolean running;

    public ConsumerPool(ConnectionFactory connectionFactory, TopologyDeclarer declarer, JobMessageListener listener,
                        Collection<String> types, int prefetch, int concurrency, Duration shutdownGrace) {
        this.connectionFactory = connectionFactory;
        this.declarer = declarer;
        this.listener = listener;
        this.types = List.copyOf(types);
        this.prefetch = prefetch;
        this.concurrency = concurrency;
        this.shutdownGrace = shutdownGrace;
    }

    @Override
    public synchronized void start() {
        declarer.declareExchanges();
        for (String type : types) {
            declarer.declareWorkQueue(type);
            String queue = declarer.topology().workQueue(type);
            for (int i = 1; i <= concurrency; i++) {
                QueueConsumer consumer = new QueueConsumer("consumer-" + type + "-" + i, connectionFactory, queue,
                        () -> declarer.declareWorkQueue(type), prefetch, prefetch, listener);
                consumers.add(consumer);
                consumer.start();
            }
        }
        running = true;
        log.info("Consuming queues {} with {} consumer(s) each, prefetch {}",
                types.stream().map(declarer.topology()::workQueue).toList(), concurrency, prefetch);
    }

    @Override
    public synchronized void stop() {
        log.info("Stopping consumers: waiting up to {} ms for deliveries in progress", shutdownGrace.toMillis());
        long started = System.nanoTime();
        consumers.forEach(QueueConsumer::requestStop);
        long deadline = started + shutdownGrace.toNanos();
        try {
            for (QueueConsumer consumer : consumers) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!consumer.awaitStop(left)) {
                    consumer.abandon();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for the consumers to stop: deliveries in progress may be redelivered");
            consumers.forEach(QueueConsumer::abandon);
        }
        consumers.clear();
        running = false;
        log.info("Consumers stopped after {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
