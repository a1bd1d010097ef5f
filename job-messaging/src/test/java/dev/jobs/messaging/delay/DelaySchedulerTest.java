package dev.jobs.messaging.delay;

import com.rabbitmq.client.GetResponse;
import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.topology.TopologyDeclarer;
import dev.jobs.testing.BrokerCleanup;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DelaySchedulerTest {

    private static final String ROUTING_KEY = "delay-test";

    private final Topology topology = new Topology(TestServices.newPrefix());
    private final String targetQueue = topology.workQueue(ROUTING_KEY);
    private CachingConnectionFactory connectionFactory;
    private ConfirmedPublisher publisher;
    private DelayScheduler scheduler;
    private final List<String> delayQueues = new ArrayList<>();

    @BeforeEach
    void declareTopology() {
        connectionFactory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        publisher = new ConfirmedPublisher(connectionFactory);
        new TopologyDeclarer(publisher.template(), topology).declareExchanges();
        publisher.template().execute(channel -> {
            channel.queueDeclare(targetQueue, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueBind(targetQueue, topology.workExchange(), ROUTING_KEY);
            return null;
        });
        scheduler = new DelayScheduler(publisher, topology);
    }

    @AfterEach
    void deleteTopology() {
        connectionFactory.destroy();
        List<String> queues = new ArrayList<>(delayQueues);
        queues.add(targetQueue);
        queues.add(topology.deadQueue());
        BrokerCleanup.delete(List.of(topology.workExchange(), topology.delayExchange(), topology.eventsExchange()), queues);
    }

    @Test
    void shortDelayPassesLongerOne() {
        Duration longDelay = schedule("ten-minutes", Duration.ofMinutes(10));
        Duration shortDelay = schedule("one-second", Duration.ofSeconds(1));
        long scheduledAt = System.nanoTime();

        String first = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(this::nextBody, body -> body != null);
        long elapsedMillis = (System.nanoTime() - scheduledAt) / 1_000_000;

        assertThat(first).isEqualTo("one-second");
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(shortDelay.toMillis() - 50);
        assertThat(longDelay).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(nextBody()).as("the ten-minute message must still be waiting").isNull();
    }

    @Test
    void delayedMessageArrivesWithItsRoutingKey() {
        schedule("routed", Duration.ofMillis(200));

        String body = await().atMost(Duration.ofSeconds(10)).until(this::nextBody, value -> value != null);

        assertThat(body).isEqualTo("routed");
    }

    private Duration schedule(String body, Duration delay) {
        Duration applied = scheduler.schedule(ROUTING_KEY, body, body.getBytes(StandardCharsets.UTF_8), delay);
        delayQueues.add(topology.delayQueue(applied));
        return applied;
    }

    private String nextBody() {
        return publisher.template().execute(channel -> {
            GetResponse response = channel.basicGet(targetQueue, true);
            return response == null ? null : new String(response.getBody(), StandardCharsets.UTF_8);
        });
    }
}
