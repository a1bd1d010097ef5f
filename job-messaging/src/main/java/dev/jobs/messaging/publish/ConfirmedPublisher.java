package dev.jobs.messaging.publish;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes persistent JSON messages with the {@code mandatory} flag and waits for the publisher confirm, so a
 * call that returns normally means the broker has the message in a queue. Publishing uses the connection
 * factory's separate publisher connection, so a blocked publisher (memory or disk alarm) cannot stall consumers.
 */
public final class ConfirmedPublisher {

    /** How long to wait for a confirm before treating the publish as failed. */
    public static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitTemplate template;

    public ConfirmedPublisher(CachingConnectionFactory connectionFactory) {
        if (connectionFactory.getPublisherConnectionFactory() instanceof CachingConnectionFactory publisherFactory) {
            publisherFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
            publisherFactory.setPublisherReturns(true);
        }
        connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connectionFactory.setPublisherReturns(true);
        this.template = new RabbitTemplate(connectionFactory);
        this.template.setMandatory(true);
        this.template.setUsePublisherConnection(true);
    }

    /**
     * Publishes and waits for the confirm.
     *
     * @throws PublishFailedException when sending fails, or the message is nacked, returned as unroutable, or not
     *                                confirmed in time
     */
    public void publish(String exchange, String routingKey, String messageId, byte[] body, Map<String, Object> headers) {
        sendAndSettle(List.of(new Outgoing(exchange, routingKey, messageId, body)), headers).getFirst().verify();
    }

    /** One message of {@link #publishAll}. */
    public record Outgoing(String exchange, String routingKey, String messageId, byte[] body) {
    }

    /**
     * Publishes several messages on one channel and waits for their confirms together: the broker confirms them at
     * once instead of one round trip each. Returns one confirmation per message, in order, already settled, so
     * {@link Confirmation#verify} returns or throws at once. A message whose send failed gets a confirmation that
     * throws that failure, so one bad message does not fail the others.
     */
    public List<Confirmation> publishAll(List<Outgoing> messages) {
        return sendAndSettle(messages, Map.of());
    }

    /**
     * Sends the messages on one channel and waits for their confirms before the channel goes back to the cache.
     * The cache hands a channel returned with confirms pending to a thread of the connection factory's executor,
     * which blocks until they arrive. In the worker that executor also hands deliveries to the consumers.
     */
    private List<Confirmation> sendAndSettle(List<Outgoing> messages, Map<String, Object> headers) {
        List<Confirmation> confirmations = new ArrayList<>(messages.size());
        try {
            template.invoke(operations -> {
                for (Outgoing message : messages) {
                    confirmations.add(send(operations, message, headers));
                }
                long deadline = System.nanoTime() + CONFIRM_TIMEOUT.toNanos();
                confirmations.forEach(confirmation -> confirmation.settle(deadline));
                return null;
            });
        } catch (AmqpException e) {
            // No channel could be opened, or closing it failed: the messages not sent yet fail with the cause.
            while (confirmations.size() < messages.size()) {
                Outgoing message = messages.get(confirmations.size());
                confirmations.add(Confirmation.failed(message, sendFailure(message, e)));
            }
        }
        return confirmations;
    }

    private static Confirmation send(RabbitOperations operations, Outgoing outgoing, Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("utf-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(outgoing.messageId());
        headers.forEach(properties::setHeader);
        CorrelationData correlation = new CorrelationData(outgoing.messageId());
        try {
            operations.send(outgoing.exchange(), outgoing.routingKey(), new Message(outgoing.body(), properties), correlation);
        } catch (AmqpException e) {
            return Confirmation.failed(outgoing, sendFailure(outgoing, e));
        }
        return new Confirmation(outgoing.exchange(), outgoing.routingKey(), outgoing.messageId(), correlation, null);
    }

    private static PublishFailedException sendFailure(Outgoing message, AmqpException e) {
        return new PublishFailedException("Publishing message " + message.messageId() + " to exchange '"
                + message.exchange() + "' failed: " + e.getMessage(), e);
    }

    /** The confirm of one message sent by {@link #publishAll}. */
    public static final class Confirmation {

        private final String exchange;
        private final String routingKey;
        private final String messageId;
        private final CorrelationData correlation;
        private final PublishFailedException failure;

        private Confirmation(String exchange, String routingKey, String messageId, CorrelationData correlation,
                             PublishFailedException failure) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.messageId = messageId;
            this.correlation = correlation;
            this.failure = failure;
        }

        private static Confirmation failed(Outgoing message, PublishFailedException failure) {
            return new Confirmation(message.exchange(), message.routingKey(), message.messageId(), null, failure);
        }

        /**
         * Waits for the confirm until {@code deadlineNanos} and leaves its outcome to {@link #verify}.
         */
        private void settle(long deadlineNanos) {
            if (failure != null) {
                return;
            }
            try {
                correlation.getFuture().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // verify() reports the missing or failed confirm.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Returns when the broker confirmed the message. The confirmation is settled already, so this does not wait.
         *
         * @throws PublishFailedException when the message was not sent, nacked, returned as unroutable
         *                                ({@link UnroutableMessageException}), or not confirmed within
         *                                {@link #CONFIRM_TIMEOUT}
         */
        public void verify() {
            if (failure != null) {
                throw failure;
            }
            try {
                CorrelationData.Confirm confirm = correlation.getFuture().get(0, TimeUnit.NANOSECONDS);
                if (correlation.getReturned() != null) {
                    throw new UnroutableMessageException("Message " + messageId + " to exchange '" + exchange + "' with routing key '"
                            + routingKey + "' was returned as unroutable: " + correlation.getReturned().getReplyText()
                            + "; declare the queue and binding before publishing");
                }
                if (!confirm.ack()) {
                    throw new PublishFailedException("Message " + messageId + " to exchange '" + exchange
                            + "' was nacked by the broker: " + confirm.reason());
                }
            } catch (TimeoutException e) {
                throw new PublishFailedException("Message " + messageId + " to exchange '" + exchange + "' was not confirmed within "
                        + CONFIRM_TIMEOUT.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw new PublishFailedException("Waiting for the confirm of message " + messageId + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("Interrupted while waiting for the confirm of message " + messageId, e);
            }
        }
    }

    public void publish(String exchange, String routingKey, String messageId, byte[] body) {
        publish(exchange, routingKey, messageId, body, Map.of());
    }

    public RabbitTemplate template() {
        return template;
    }
}
