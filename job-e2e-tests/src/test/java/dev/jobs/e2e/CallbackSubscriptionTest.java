package dev.jobs.e2e;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.jobs.api.JobStatus;
import dev.jobs.api.topology.Topology;
import dev.jobs.testing.FaultProxy;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

        // The subscription starts in the background, so its queue is bound shortly after the registration.
        await().atMost(Duration.ofSeconds(5)).until(this::publishRoutedEvent);
    }

    @Test
    void registrationIgnoresSilentBroker() throws Exception {
        URI broker = URI.create(TestServices.amqpUri());
        try (FaultProxy proxy = new FaultProxy(broker.getHost(), broker.getPort());
             TestStack viaProxy = new TestStack(TestStack.Options.defaults().withoutWorker().withProducerAmqpUri(
                     broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxy.port()))) {
            proxy.silence();
            long started = System.nanoTime();

            viaProxy.manager.onCompletion(UUID.randomUUID(), result -> { }, error -> { });

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    /**
     * Publishes a mandatory event to the stack's events exchange and returns whether a queue took it. The broker
     * sends a returned message back before the confirm, so the count is final once the confirm arrived.
     */
    private boolean publishRoutedEvent() throws java.io.IOException, InterruptedException, java.util.concurrent.TimeoutException {
        int before = returned.get();
        String routingKey = Topology.eventRoutingKey("noop", JobStatus.COMPLETED);
        channel.basicPublish(stack.topology.eventsExchange(), routingKey, true, null,
                "{}".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
        return returned.get() == before;
    }
}
