package dev.jobs.messaging.delay;

import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.publish.PublishFailedException;
import dev.jobs.messaging.topology.TopologyDeclarer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a message that must come back to the work exchange after a delay. The delay is rounded up by
 * {@link DelayLadder}; each rounded value has its own delay queue {@code <prefix>.delay.<ms>} with a queue-level
 * {@code x-message-ttl}, so messages of different delays never wait behind each other (per-message
 * {@code expiration} would: RabbitMQ expires only the head of a queue). Expired messages are dead-lettered, at
 * least once, back to the work exchange with their routing key, the job type.
 *
 * <p>Each delay queue is declared on first use and then stays. It has no {@code x-expires}: on RabbitMQ 3.10 a
 * quorum queue expires on schedule even while it is re-declared and still holds messages, which would drop
 * waiting checks. The ladder bounds how many delay queues can exist, and an empty quorum queue costs little.
 */
public final class DelayScheduler {

    private static final Logger log = LoggerFactory.getLogger(DelayScheduler.class);

    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final Map<Long, Boolean> declared = new ConcurrentHashMap<>();

    public DelayScheduler(ConfirmedPublisher publisher, Topology topology) {
        this.publisher = publisher;
        this.topology = topology;
    }

    /**
     * Publishes the message so it reaches the work exchange with {@code routingKey} after at least {@code delay}.
     *
     * @return the delay actually applied, after rounding up
     * @throws PublishFailedException when the broker does not confirm the message
     */
    public Duration schedule(String routingKey, String messageId, byte[] body, Duration delay) {
        return schedule(routingKey, messageId, body, delay, Map.of());
    }

    /** Schedules like {@link #schedule(String, String, byte[], Duration)}, with extra headers on the message. */
    public Duration schedule(String routingKey, String messageId, byte[] body, Duration delay, Map<String, Object> extraHeaders) {
        Duration rounded = DelayLadder.roundUp(delay);
        ensureQueue(rounded);
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        headers.put(Topology.DELAY_HEADER, Long.toString(rounded.toMillis()));
        try {
            publisher.publish(topology.delayExchange(), routingKey, messageId, body, headers);
        } catch (PublishFailedException e) {
            // The queue may have been deleted behind our back (an operator, or a broker restart without it):
            // declare it again and try once more before giving up.
            declared.remove(rounded.toMillis());
            ensureQueue(rounded);
            publisher.publish(topology.delayExchange(), routingKey, messageId, body, headers);
        }
        return rounded;
    }

    /** Names of the delay queues this scheduler declared so far. */
    public java.util.Set<String> declaredQueues() {
        return declared.keySet().stream()
                .map(millis -> topology.delayQueue(Duration.ofMillis(millis)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private void ensureQueue(Duration delay) {
        long millis = delay.toMillis();
        if (declared.containsKey(millis)) {
            return;
        }
        String queue = topology.delayQueue(delay);
        Map<String, Object> arguments = new HashMap<>(TopologyDeclarer.atLeastOnceDeadLettering());
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-message-ttl", millis);
        arguments.put("x-dead-letter-exchange", topology.workExchange());
        Map<String, Object> binding = Map.of("x-match", "all", Topology.DELAY_HEADER, Long.toString(millis));
        publisher.template().execute(channel -> {
            channel.queueDeclare(queue, true, false, false, arguments);
            channel.queueBind(queue, topology.delayExchange(), "", binding);
            return null;
        });
        log.debug("Delay queue {} declared", queue);
        declared.put(millis, Boolean.TRUE);
    }
}
