package dev.jobs.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.messaging.delay.DelayLadder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Deletes the exchanges and queues of one demo prefix. RabbitMQ without the management plugin cannot list queues
 * by name, so the delay queues are deleted by trying every value of {@link DelayLadder} up to the longest delay a
 * worker can schedule; deleting a queue that does not exist does nothing. The callback queue of this JVM's
 * {@code JobManager} is auto-delete and goes away with its consumer.
 */
final class AmqpCleanup {

    private static final Logger log = LoggerFactory.getLogger(AmqpCleanup.class);

    private AmqpCleanup() {
    }

    /**
     * Deletes every name derived from {@code topology}; logs and continues past names that fail.
     *
     * @param maxDelay the longest delay any worker may have scheduled; workers never wait past a job's deadline,
     *                 so the longest job timeout bounds it
     */
    static void deleteAll(String amqpUri, Topology topology, JobTypeRegistry types, Duration maxDelay) {
        List<String> queues = new ArrayList<>();
        types.names().forEach(type -> queues.add(topology.workQueue(type)));
        queues.add(topology.deadQueue());
        delayLadderUpTo(maxDelay).forEach(delay -> queues.add(topology.delayQueue(delay)));
        List<String> exchanges = List.of(topology.workExchange(), topology.delayExchange(), topology.eventsExchange());

        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(amqpUri);
        } catch (Exception e) {
            log.warn("Not deleting the queues of prefix {}: invalid AMQP URI: {}", topology.prefix(), e.getMessage());
            return;
        }
        int failures = 0;
        try (Connection connection = factory.newConnection("demo-cleanup")) {
            Channel channel = connection.createChannel();
            for (String queue : queues) {
                try {
                    channel.queueDelete(queue);
                } catch (IOException e) {
                    failures++;
                    log.warn("Deleting queue {} failed: {}", queue, e.getMessage());
                    channel = reopen(connection, channel);
                }
            }
            for (String exchange : exchanges) {
                try {
                    channel.exchangeDelete(exchange);
                } catch (IOException e) {
                    failures++;
                    log.warn("Deleting exchange {} failed: {}", exchange, e.getMessage());
                    channel = reopen(connection, channel);
                }
            }
        } catch (IOException | TimeoutException e) {
            log.warn("Deleting the queues and exchanges of prefix {} failed; delete the names starting with '{}' by"
                    + " hand: {}", topology.prefix(), topology.prefix(), e.getMessage());
            return;
        }
        log.info("Deleted the exchanges and queues of prefix {} ({} failed)", topology.prefix(), failures);
    }

    /** Lists every delay a {@link DelayLadder} rounds to, from the shortest up to and including {@code max}. */
    static List<Duration> delayLadderUpTo(Duration max) {
        List<Duration> delays = new ArrayList<>();
        Duration delay = DelayLadder.roundUp(DelayLadder.MIN_DELAY);
        while (delay.compareTo(max) <= 0) {
            delays.add(delay);
            delay = DelayLadder.roundUp(delay.plusMillis(1));
        }
        // The longest delay itself may lie between two values; its queue is the next one up.
        delays.add(delay);
        return delays;
    }

    /** A failed operation closes the channel, so later deletions need a new one. */
    private static Channel reopen(Connection connection, Channel channel) throws IOException {
        return channel.isOpen() ? channel : connection.createChannel();
    }
}
