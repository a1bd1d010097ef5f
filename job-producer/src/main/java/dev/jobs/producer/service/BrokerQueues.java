package dev.jobs.producer.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.util.OptionalLong;

/**
 * Reads queue depths with a passive declare, which returns the count of ready messages and creates nothing.
 * Messages delivered to a consumer and not yet acked are not in that count; only the management API reports them.
 */
final class BrokerQueues {

    private static final Logger log = LoggerFactory.getLogger(BrokerQueues.class);

    private final RabbitTemplate template;

    BrokerQueues(CachingConnectionFactory connectionFactory) {
        this.template = new RabbitTemplate(connectionFactory);
    }

    /**
     * Returns the ready messages of a queue, or empty when the queue does not exist.
     *
     * @throws AmqpException when the broker cannot be reached
     */
    OptionalLong readyMessages(String queue) {
        try {
            return OptionalLong.of(template.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount()));
        } catch (AmqpException e) {
            if (isNotFound(e)) {
                log.debug("Queue {} does not exist", queue);
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /** Detects the 404 reply code with which the broker closes the channel of a passive declare of a missing queue. */
    private static boolean isNotFound(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.contains("NOT_FOUND")) {
                return true;
            }
        }
        return false;
    }
}
