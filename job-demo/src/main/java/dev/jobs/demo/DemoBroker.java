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
 * Checks that RabbitMQ is reachable and deletes the exchanges and queues of one demo prefix. RabbitMQ without the management plugin cannot list queues
 * by name, so the delay queues are deleted by trying every value of {@link DelayLadder} up to the longest delay a
 * worker can schedule; deleting a queue that does not exist does nothing. The callback queue of this JVM's
 * {@code JobManager} is auto-delete and goes away with its consumer.
 */
final class DemoBroker {

    private static final Logger log = LoggerFactory.getLogger(DemoBroker.class);

    private DemoBroker() {
    }

    /**
     * Opens and closes one connection, so an unreachable broker stops the demo before any service starts.
     *
     * @throws IllegalStateException naming the broker and the fix
     */
    static void checkReachable(String amqpUri) {
        ConnectionFactory factory = new ConnectionFactory();
        String address = "the broker of JOB_AMQP_URI";
        try {
            factory.setUri(amqpUri);
            address = factory.getHost() + ":" + factory.getPort();
            factory.newConnection("demo-check").close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot connect to RabbitMQ at " + address + ": " + e.getMessage()
                    + ". Start RabbitMQ there, or set JOB_AMQP_URI to a running broker.", e);
        }
    }

    /**
     * Deletes every name derived from {@code topology}; logs and continues past names that fail.
     *
     * @param maxDelay the maximum delay a worker may have scheduled. Workers bound check and retry delays by the
     *                 job's deadline and requeue after a database or broker error in 5 s, so the longest job
     *                 timeout is enough when it is 5 s or more.
     */
    static void deleteAll(String amqpUri, Topology topology, JobTypeRegistry types, Duration maxDelay) {
        List<String> queues = new ArrayList<>();
        types.names().forEach(type -> queues.add(topology.workQueue(type)));
        queues.add(topology.deadQueue());
        DelayLadder.valuesUpTo(maxDelay).forEach(delay -> queues.add(topology.delayQueue(delay)));
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

    /** Returns the channel, or a new one when a failed operation has closed it. */
    private static Channel reopen(Connection connection, Channel channel) throws IOException {
        return channel.isOpen() ? channel : connection.createChannel();
    }
}
