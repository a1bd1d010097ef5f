package dev.jobs.messaging.parking;

import com.rabbitmq.client.GetResponse;
import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves parked messages back to the work exchange with their original routing key, without the parking and
 * dead-letter headers, so they are handled as new deliveries. A message is removed from the parking queue only after
 * its republish was confirmed. Messages that carry no routing key to return to stay parked.
 */
public final class Redrive {

    private static final Logger log = LoggerFactory.getLogger(Redrive.class);

    /** How many messages one call moved and how many it had to leave parked. */
    public record Result(int redriven, int leftParked) {
    }

    private final ConfirmedPublisher publisher;
    private final Topology topology;

    public Redrive(ConfirmedPublisher publisher, Topology topology) {
        this.publisher = publisher;
        this.topology = topology;
    }

    /**
     * Re-drives up to {@code limit} of the messages parked when it starts. A message that a worker parks again while
     * this runs joins the end of the queue, after those, so it is not moved twice in one call.
     */
    public Result run(int limit) {
        return publisher.template().execute(channel -> {
            int parked = channel.queueDeclarePassive(topology.deadQueue()).getMessageCount();
            int redriven = 0;
            int leftParked = 0;
            for (int i = 0; i < Math.min(limit, parked); i++) {
                GetResponse response = channel.basicGet(topology.deadQueue(), false);
                if (response == null) {
                    break;
                }
                long tag = response.getEnvelope().getDeliveryTag();
                Map<String, Object> headers = response.getProps().getHeaders() == null ? Map.of() : response.getProps().getHeaders();
                String routingKey = originalRoutingKey(headers);
                if (routingKey == null) {
                    leftParked++;
                    continue;
                }
                Map<String, Object> cleaned = new HashMap<>(headers);
                cleaned.keySet().removeIf(name -> name.startsWith("x-park") || name.startsWith("x-original")
                        || name.equals("x-parked-at") || name.startsWith("x-death") || name.startsWith("x-first-death")
                        || name.startsWith("x-last-death"));
                String messageId = response.getProps().getMessageId() == null ? "redriven" : response.getProps().getMessageId();
                publisher.publish(topology.workExchange(), routingKey, messageId, response.getBody(), cleaned);
                channel.basicAck(tag, false);
                redriven++;
            }
            // Unacknowledged messages left parked go back to the queue when this channel closes.
            log.info("Re-drove {} parked message(s) from {}; {} left parked without a routing key", redriven,
                    topology.deadQueue(), leftParked);
            return new Result(redriven, leftParked);
        });
    }

    /** Our own header for messages the worker parked; the broker's {@code x-death} entry for messages past the delivery limit. */
    @SuppressWarnings("unchecked")
    static String originalRoutingKey(Map<String, Object> headers) {
        Object own = headers.get(Parking.ORIGINAL_ROUTING_KEY_HEADER);
        if (own != null && !own.toString().isBlank() && !own.toString().equals("null")) {
            return own.toString();
        }
        Object deaths = headers.get("x-death");
        if (deaths instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map<?, ?> death) {
            Object keys = death.get("routing-keys");
            if (keys instanceof List<?> routingKeys && !routingKeys.isEmpty()) {
                return routingKeys.getFirst().toString();
            }
        }
        return null;
    }
}
