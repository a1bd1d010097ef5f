package dev.jobs.worker.consume;

import com.rabbitmq.client.Channel;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.parking.Parking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Receives deliveries with manual acknowledgement and carries out the processor's disposition. A delivery is
 * acknowledged only after its row change and its message are confirmed.
 */
public final class JobMessageListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobMessageListener.class);

    /**
     * Delay before a message whose processing failed on the database or the broker comes back. It returns as a new
     * message through a delay queue, so an outage does not count towards the work queue's delivery limit.
     */
    static final Duration INFRASTRUCTURE_RETRY_DELAY = Duration.ofSeconds(5);

    /** Header counting how often a message came back this way; past {@link #MAX_REQUEUES} (10 minutes) it is parked. */
    static final String REQUEUES_HEADER = "x-job-requeues";
    static final int MAX_REQUEUES = 120;

    private final JobProcessor processor;
    private final Parking parking;
    private final DelayScheduler delays;

    public JobMessageListener(JobProcessor processor, Parking parking, DelayScheduler delays) {
        this.processor = processor;
        this.parking = parking;
        this.delays = delays;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        Disposition disposition = processor.process(message.getBody(), message.getMessageProperties().getReceivedRoutingKey());
        switch (disposition) {
            case Disposition.Ack ignored -> channel.basicAck(tag, false);
            case Disposition.Park park -> {
                parking.park(message, park.reason());
                channel.basicAck(tag, false);
            }
            case Disposition.Requeue requeue -> requeueLater(message, channel, tag, requeue);
        }
    }

    private void requeueLater(Message message, Channel channel, long tag, Disposition.Requeue requeue) throws IOException {
        int requeues = requeuesOf(message);
        try {
            if (requeues >= MAX_REQUEUES) {
                parking.park(message, "Could not be processed for " + MAX_REQUEUES * INFRASTRUCTURE_RETRY_DELAY.toSeconds()
                        + " s: " + requeue.reason() + "; re-drive it once the database and the broker are healthy");
                channel.basicAck(tag, false);
                return;
            }
            String messageId = message.getMessageProperties().getMessageId();
            delays.schedule(requeue.routingKey(), messageId == null ? "requeued" : messageId, message.getBody(),
                    INFRASTRUCTURE_RETRY_DELAY, Map.of(REQUEUES_HEADER, requeues + 1));
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            log.warn("Returning a message to its queue, because scheduling it for later failed too: {}", e.getMessage());
            channel.basicNack(tag, false, true);
        }
    }

    private static int requeuesOf(Message message) {
        Object value = message.getMessageProperties().getHeaders().get(REQUEUES_HEADER);
        return value instanceof Number number ? number.intValue() : 0;
    }
}
