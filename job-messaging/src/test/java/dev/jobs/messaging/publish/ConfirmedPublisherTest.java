package dev.jobs.messaging.publish;

import dev.jobs.testing.BrokerCleanup;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Publishes through a connection factory whose executor records the tasks it is given. That executor also runs the
 * broker client's deliveries in the worker, so no task may block it waiting for confirms.
 */
class ConfirmedPublisherTest {

    private final String queue = TestServices.newPrefix() + ".confirmed";
    private final List<String> tasks = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
        @Override
        public void execute(Runnable task) {
            tasks.add(task.getClass().getName());
            super.execute(task);
        }
    };
    private CachingConnectionFactory connectionFactory;
    private ConfirmedPublisher publisher;

    @BeforeEach
    void declareQueue() {
        connectionFactory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        connectionFactory.setExecutor(threads);
        publisher = new ConfirmedPublisher(connectionFactory);
        publisher.template().execute(channel -> channel.queueDeclare(queue, true, false, false, Map.of()));
    }

    @AfterEach
    void deleteQueue() {
        connectionFactory.destroy();
        threads.shutdownNow();
        BrokerCleanup.delete(List.of(), List.of(queue));
    }

    @Test
    void noConfirmWaitOnExecutor() {
        for (int i = 0; i < 5; i++) {
            publisher.publish("", queue, "single-" + i, body(i), Map.of());
        }
        publisher.publishAll(List.of(outgoing(5), outgoing(6), outgoing(7))).forEach(ConfirmedPublisher.Confirmation::verify);

        assertThat(tasks).isNotEmpty().noneMatch(task -> task.contains("CachedChannelInvocationHandler"));
        assertThat(messagesInQueue()).isEqualTo(8);
    }

    @Test
    void unroutableReportedWithoutWaiting() {
        List<ConfirmedPublisher.Confirmation> confirmations = publisher.publishAll(List.of(
                outgoing(1), new ConfirmedPublisher.Outgoing("", queue + ".missing", "lost", body(2))));

        confirmations.getFirst().verify();
        assertThatThrownBy(() -> confirmations.get(1).verify())
                .isInstanceOf(UnroutableMessageException.class)
                .hasMessageContaining("declare the queue and binding before publishing");
    }

    private ConfirmedPublisher.Outgoing outgoing(int i) {
        return new ConfirmedPublisher.Outgoing("", queue, "all-" + i, body(i));
    }

    private static byte[] body(int i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private long messagesInQueue() {
        return publisher.template().execute(channel -> channel.queueDeclarePassive(queue).getMessageCount());
    }
}
