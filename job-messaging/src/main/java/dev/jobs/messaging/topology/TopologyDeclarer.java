package dev.jobs.messaging.topology;

import dev.jobs.api.topology.Topology;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * Declares the exchanges and queues a component needs. Declarations are idempotent, so every producer and worker
 * declares what it uses at start-up, in any order.
 */
public final class TopologyDeclarer {

    /**
     * Deliveries of one message before the work queue parks it. RabbitMQ 3.10 quorum queues have no limit by
     * default and 4.x sets 20; the limit is set explicitly so the behaviour does not depend on the broker version.
     */
    public static final int DELIVERY_LIMIT = 10;

    private final RabbitTemplate template;
    private final Topology topology;

    public TopologyDeclarer(RabbitTemplate template, Topology topology) {
        this.template = template;
        this.topology = topology;
    }

    /** Declares the work, delay and events exchanges and the parking queue. */
    public void declareExchanges() {
        template.execute(channel -> {
            channel.exchangeDeclare(topology.workExchange(), "topic", true);
            channel.exchangeDeclare(topology.delayExchange(), "headers", true);
            channel.exchangeDeclare(topology.eventsExchange(), "topic", true);
            channel.queueDeclare(topology.deadQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
            return null;
        });
    }

    /**
     * Declares the quorum queue of one job type and binds it to the work exchange. A message delivered more than
     * {@link #DELIVERY_LIMIT} times (its consumer keeps crashing) is dead-lettered, at least once, to the parking
     * queue.
     */
    public void declareWorkQueue(String type) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "quorum");
        arguments.put("x-delivery-limit", DELIVERY_LIMIT);
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", topology.deadQueue());
        arguments.putAll(atLeastOnceDeadLettering());
        template.execute(channel -> {
            channel.queueDeclare(topology.workQueue(type), true, false, false, arguments);
            channel.queueBind(topology.workQueue(type), topology.workExchange(), type);
            return null;
        });
    }

    /**
     * Arguments that make quorum-queue dead-lettering at least once. Without {@code x-overflow=reject-publish}
     * RabbitMQ silently falls back to at most once.
     */
    public static Map<String, Object> atLeastOnceDeadLettering() {
        return Map.of("x-dead-letter-strategy", "at-least-once", "x-overflow", "reject-publish");
    }

    public Topology topology() {
        return topology;
    }
}
