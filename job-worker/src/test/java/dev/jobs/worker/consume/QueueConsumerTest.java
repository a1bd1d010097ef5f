package dev.jobs.worker.consume;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import dev.jobs.testing.BrokerCleanup;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueueConsumerTest {

    private CachingConnectionFactory connectionFactory;
    private String queue;
    private QueueConsumer consumer;

    @BeforeEach
    void openBroker() {
        connectionFactory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        queue = TestServices.newPrefix() + ".consumer-test";
        declareQueue();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (consumer != null) {
            consumer.requestStop();
            consumer.awaitStop(Duration.ofSeconds(5));
        }
        connectionFactory.destroy();
        BrokerCleanup.delete(List.of(), List.of(queue));
    }

    @Test
    void waitingDeliveriesFormBatches() {
        publish(60);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        consumer = start(50, (channel, from, batch, control) -> {
            batchSizes.add(batch.size());
            channel.basicAck(batch.getLast().getEnvelope().getDeliveryTag(), true);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> batchSizes.stream().mapToInt(Integer::intValue).sum() == 60);
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 50));
        assertThat(batchSizes.size()).as("batches for 60 deliveries").isLessThan(60);
        await().atMost(Duration.ofSeconds(5)).until(() -> messagesReady() == 0);
    }

    @Test
    void stopReturnsUnprocessedDeliveries() throws Exception {
        publish(10);
        CountDownLatch inBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean sawStop = new AtomicBoolean();
        consumer = start(50, (channel, from, batch, control) -> {
            inBatch.countDown();
            release.await(10, TimeUnit.SECONDS);
            sawStop.set(control.stopRequested());
            channel.basicAck(batch.getFirst().getEnvelope().getDeliveryTag(), false);
        });
        assertThat(inBatch.await(10, TimeUnit.SECONDS)).isTrue();

        consumer.requestStop();
        release.countDown();

        assertThat(consumer.awaitStop(Duration.ofSeconds(10))).isTrue();
        assertThat(sawStop).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> messagesReady() == 9);
    }

    @Test
    void lostChannelReopensAndRedelivers() {
        publish(5);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean broke = new AtomicBoolean();
        consumer = start(50, (channel, from, batch, control) -> {
            if (broke.compareAndSet(false, true)) {
                // An unknown delivery tag makes the broker close the channel.
                channel.basicAck(batch.getLast().getEnvelope().getDeliveryTag() + 1000, false);
                return;
            }
            for (Delivery delivery : batch) {
                acknowledged.add(new String(delivery.getBody(), StandardCharsets.UTF_8));
            }
            channel.basicAck(batch.getLast().getEnvelope().getDeliveryTag(), true);
        });

        await().atMost(Duration.ofSeconds(15)).until(() -> acknowledged.size() == 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> messagesReady() == 0);
    }

    @Test
    void stopEndsReconnectWaitAtOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        consumer = new QueueConsumer("test-consumer", connectionFactory, queue, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("broker unreachable");
        }, 50, 50, (channel, from, batch, control) -> {
        });
        consumer.start();
        // Attempts at 0, 0.5 and 1.5 s, and the next one waits 2 s more.
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() >= 3);

        consumer.requestStop();

        assertThat(consumer.awaitStop(Duration.ofMillis(500))).as("stopped within 0.5 s").isTrue();
    }

    private QueueConsumer start(int prefetch, QueueConsumer.BatchListener listener) {
        QueueConsumer started = new QueueConsumer("test-consumer", connectionFactory, queue, this::declareQueue, prefetch,
                prefetch, listener);
        started.start();
        return started;
    }

    private void declareQueue() {
        run(channel -> channel.queueDeclare(queue, true, false, false, null));
    }

    private void publish(int count) {
        run(channel -> {
            for (int i = 0; i < count; i++) {
                channel.basicPublish("", queue, null, ("message-" + i).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    private long messagesReady() {
        return run(channel -> (long) channel.queueDeclarePassive(queue).getMessageCount());
    }

    private interface ChannelWork<T> {
        T apply(Channel channel) throws Exception;
    }

    private <T> T run(ChannelWork<T> work) {
        try (var connection = connectionFactory.createConnection(); Channel channel = connection.createChannel(false)) {
            return work.apply(channel);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
