package dev.jobs.e2e;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.jobs.api.JobStatus;
import dev.jobs.api.topology.Topology;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's process consumes job events only once a callback waits for one. */
class CallbackSubscriptionTest {

    private TestStack stack;
    private Connection connection;
    private Channel channel;
    private final AtomicInteger returned = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        stack = TestStack.withoutWorker();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestServices.amqpUri());
        connection = factory.newConnection("callback-subscription-test");
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.addReturnListener(ignored -> returned.incrementAndGet());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        stack.close();
    }

    @Test
    void eventsUnroutedBeforeFirstCallback() throws Exception {
        assertThat(publishRoutedEvent()).as("routed before any callback").isFalse();

        stack.manager.onCompletion(UUID.randomUUID(), result -> { }, error -> { });

        assertThat(publishRoutedEvent()).as("routed once a callback waits").isTrue();
    }

    /**
     * Publishes a mandatory event to the stack's events exchange and returns whether a queue took it. The broker
     * sends a returned message back before the confirm, so the count is final once the confirm arrived.
     */
    private boolean publishRoutedEvent() throws Exception {
        int before = returned.get();
        String routingKey = Topology.eventRoutingKey("noop", JobStatus.COMPLETED);
        channel.basicPublish(stack.topology.eventsExchange(), routingKey, true, null,
                "{}".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
        return returned.get() == before;
    }
}
