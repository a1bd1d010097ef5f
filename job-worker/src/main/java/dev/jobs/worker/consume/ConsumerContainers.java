package dev.jobs.worker.consume;

import dev.jobs.messaging.topology.TopologyDeclarer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One listener container per job type, so a slow type never holds back a fast one. The containers are direct ones.
 * The RabbitMQ client hands each delivery to the listener on a thread of the connection's consumer pool, with no
 * queue and no second thread between them. In drains of no-op jobs this raised the rate by a fifth to a third. A
 * consumer processes its deliveries one at a time. Containers reconnect by themselves after a broker restart or a
 * lost connection. On stop they stop taking deliveries and wait up to the grace period for the ones in progress.
 * Prefetched deliveries not yet started go back to the queue when the channel closes.
 */
public final class ConsumerContainers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerContainers.class);

    private final ConnectionFactory connectionFactory;
    private final TopologyDeclarer declarer;
    private final JobMessageListener listener;
    private final Collection<String> types;
    private final int prefetch;
    private final int concurrency;
    private final Duration shutdownGrace;
    private final List<DirectMessageListenerContainer> containers = new ArrayList<>();
    private volatile boolean running;

    public ConsumerContainers(ConnectionFactory connectionFactory, TopologyDeclarer declarer, JobMessageListener listener,
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
            DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
            container.setBeanName("consumer-" + type);
            container.setQueueNames(declarer.topology().workQueue(type));
            container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
            container.setPrefetchCount(prefetch);
            container.setConsumersPerQueue(concurrency);
            container.setDefaultRequeueRejected(true);
            container.setMissingQueuesFatal(false);
            container.setShutdownTimeout(shutdownGrace.toMillis());
            container.setMessageListener(listener);
            container.afterPropertiesSet();
            container.start();
            containers.add(container);
        }
        running = true;
        log.info("Consuming queues {} with {} consumer(s) each, prefetch {}",
                types.stream().map(declarer.topology()::workQueue).toList(), concurrency, prefetch);
    }

    @Override
    public synchronized void stop() {
        log.info("Stopping consumers: waiting up to {} ms for deliveries in progress", shutdownGrace.toMillis());
        long started = System.nanoTime();
        // Each container waits up to the grace period for its deliveries, so they stop side by side: a stop takes one
        // grace period at most, however many job types there are.
        List<Thread> stopping = containers.stream()
                .map(container -> Thread.ofPlatform().name("stop-" + container.getListenerId()).start(container::stop))
                .toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Interrupted while waiting for the consumers to stop: deliveries in progress may be redelivered");
                break;
            }
        }
        containers.clear();
        running = false;
        log.info("Consumers stopped after {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
