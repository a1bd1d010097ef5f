package dev.jobs.bench.stack;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.jobs.api.message.MessageCodec;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Subscribes to {@code <prefix>.events} through an exclusive, auto-deleted queue and records, per job, when its
 * first completion event arrived. Copies of an event (same event id) are counted once.
 */
public final class EventTap implements AutoCloseable {

    private final Channel channel;
    private final Map<UUID, Long> arrivedMicrosByJob = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> eventIds = new ConcurrentHashMap<>();

    public EventTap(Connection connection, String eventsExchange) throws IOException {
        this.channel = connection.createChannel();
        // Declared as the topology declarer does, so the tap can bind before the producer's first start.
        channel.exchangeDeclare(eventsExchange, "topic", true);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, eventsExchange, "#");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                long arrived = Clock.nowMicros();
                JsonNode event = MessageCodec.mapper().readTree(body);
                if (!"completed".equals(event.path("status").asString())) {
                    return;
                }
                if (eventIds.putIfAbsent(UUID.fromString(event.path("eventId").asString()), Boolean.TRUE) == null) {
                    arrivedMicrosByJob.putIfAbsent(UUID.fromString(event.path("jobId").asString()), arrived);
                }
            }
        });
    }

    /** Distinct completion events received so far. */
    public int distinctEvents() {
        return eventIds.size();
    }

    /** Arrival time in epoch microseconds of the job's first completion event, or null when none arrived. */
    public Long arrivedMicros(UUID jobId) {
        return arrivedMicrosByJob.get(jobId);
    }

    public long lastArrivalMicros() {
        return arrivedMicrosByJob.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Waits until {@code count} distinct events arrived or the limit passed; returns whether they all arrived. */
    public boolean awaitEvents(int count, long limitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limitMillis;
        while (distinctEvents() < count) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() throws IOException, TimeoutException {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
