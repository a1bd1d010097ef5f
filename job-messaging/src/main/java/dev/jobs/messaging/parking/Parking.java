package dev.jobs.messaging.parking;

import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Moves a message that cannot be handled to the parking queue {@code <prefix>.dead}, with the reason, the original
 * queue and routing key and the time in headers, so an operator can inspect and re-drive it.
 */
public final class Parking {

    private static final Logger log = LoggerFactory.getLogger(Parking.class);

    public static final String REASON_HEADER = "x-park-reason";
    public static final String ORIGINAL_ROUTING_KEY_HEADER = "x-original-routing-key";
    public static final String ORIGINAL_QUEUE_HEADER = "x-original-queue";
    public static final String PARKED_AT_HEADER = "x-parked-at";

    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final Clock clock;
    private final JobMetrics metrics;

    public Parking(ConfirmedPublisher publisher, Topology topology, Clock clock, JobMetrics metrics) {
        this.publisher = publisher;
        this.topology = topology;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void park(Message message, String reason) {
        Map<String, Object> headers = new HashMap<>(message.getMessageProperties().getHeaders());
        headers.put(REASON_HEADER, reason);
        headers.put(ORIGINAL_ROUTING_KEY_HEADER, String.valueOf(message.getMessageProperties().getReceivedRoutingKey()));
        headers.put(ORIGINAL_QUEUE_HEADER, String.valueOf(message.getMessageProperties().getConsumerQueue()));
        headers.put(PARKED_AT_HEADER, clock.instant().toString());
        String messageId = message.getMessageProperties().getMessageId();
        publisher.publish("", topology.deadQueue(), messageId == null ? "parked" : messageId, message.getBody(), headers);
        metrics.parked(message.getMessageProperties().getConsumerQueue());
        log.error("Parked a message from {} in {}: {}", message.getMessageProperties().getConsumerQueue(),
                topology.deadQueue(), reason);
    }
}
