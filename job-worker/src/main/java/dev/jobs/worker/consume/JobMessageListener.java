package dev.jobs.worker.consume;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.parking.Parking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Receives a consumer's batches and carries out the processor's dispositions. A delivery is acknowledged only after
 * its row change and its message are confirmed. The deliveries of a batch that needed nothing more are acknowledged
 * together, with one acknowledgement that covers every delivery up to the last of them.
 */
public final class JobMessageListener implements QueueConsumer.BatchListener {

    private static final Logger log = LoggerFactory.getLogger(JobMessageListener.class);

    /**
     * Delay before a message whose processing failed on the database or the broker comes back. It returns as a new
     * message through a delay queue, so an outage does not count towards the work queue's delivery limit.
     */
    static final Duration INFRASTRUCTURE_RETRY_DELAY = Duration.ofSeconds(5);

    /** Header counting how often a message came back this way; past {@link #MAX_REQUEUES} (10 minutes) it is parked. */
    static final String REQUEUES_HEADER = "x-job-requeues";
    static final int MAX_REQUEUES = 120;

    private static final DefaultMessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    private final JobProcessor processor;
    private final Parking parking;
    private final DelayScheduler delays;

    public JobMessageListener(JobProcessor processor, Parking parking, DelayScheduler delays) {
        this.processor = processor;
        this.parking = parking;
        this.delays = delays;
    }

    @Override
    public void onBatch(Channel channel, String queue, List<Delivery> batch, QueueConsumer.BatchControl control)
            throws IOException {
        List<Disposition> dispositions = processor.processAll(batch, control::stopRequested);
        long ackUpTo = -1;
        for (int i = 0; i < dispositions.size(); i++) {
            Delivery delivery = batch.get(i);
            long tag = delivery.getEnvelope().getDeliveryTag();
            boolean settledAlone = switch (dispositions.get(i)) {
                case Disposition.Ack ignored -> false;
                case Disposition.Park park -> park(channel, toMessage(delivery, queue), park.reason());
                case Disposition.Requeue requeue -> requeueLater(toMessage(delivery, queue), channel, tag, requeue);
            };
            if (!settledAlone) {
                ackUpTo = tag;
            }
        }
        // Every delivery before this tag was processed in order and is either settled alone or acknowledged here.
        if (ackUpTo >= 0) {
            channel.basicAck(ackUpTo, true);
        }
    }

    /** Parks a message, and returns true when parking failed and the message went back to its queue instead. */
    private boolean park(Channel channel, Message message, String reason) throws IOException {
        try {
            parking.park(message, reason);
            return false;
        } catch (RuntimeException e) {
            log.warn("Returning message {} to its queue, because parking it failed: {}",
                    message.getMessageProperties().getMessageId(), e.getMessage());
            channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true);
            return true;
        }
    }

    private static Message toMessage(Delivery delivery, String queue) {
        MessageProperties properties = PROPERTIES.toMessageProperties(delivery.getProperties(), delivery.getEnvelope(),
                StandardCharsets.UTF_8.name());
        properties.setConsumerQueue(queue);
        return new Message(delivery.getBody(), properties);
    }

    /** Sends a message back through a delay queue, and returns true when it went straight back to its queue instead. */
    private boolean requeueLater(Message message, Channel channel, long tag, Disposition.Requeue requeue) throws IOException {
        int requeues = requeuesOf(message);
        try {
            if (requeues >= MAX_REQUEUES) {
                parking.park(message, "Could not be processed for " + MAX_REQUEUES * INFRASTRUCTURE_RETRY_DELAY.toSeconds()
                        + " s: " + requeue.reason() + "; re-drive it once the database and the broker are healthy");
                return false;
            }
            String messageId = message.getMessageProperties().getMessageId();
            delays.schedule(requeue.routingKey(), messageId == null ? "requeued" : messageId, message.getBody(),
                    INFRASTRUCTURE_RETRY_DELAY, Map.of(REQUEUES_HEADER, requeues + 1));
            return false;
        } catch (RuntimeException e) {
            log.warn("Returning a message to its queue, because scheduling it for later failed too: {}", e.getMessage());
            channel.basicNack(tag, false, true);
            return true;
        }
    }

    private static int requeuesOf(Message message) {
        Object value = message.getMessageProperties().getHeaders().get(REQUEUES_HEADER);
        return value instanceof Number number ? number.intValue() : 0;
    }
}
