package dev.jobs.producer.callbacks;

import dev.jobs.api.message.InvalidMessageException;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Listens to {@code <prefix>.events} through a private, exclusive queue bound to every job event. The queue is
 * declared again on every new connection, so the subscription survives a broker restart; events published while
 * it was gone are caught by the row sweep in {@link JobManager}.
 */
final class EventSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSubscription.class);

    private final SimpleMessageListenerContainer container;

    EventSubscription(CachingConnectionFactory connectionFactory, Topology topology, Consumer<JobEvent> onEvent) {
        String queue = topology.prefix() + ".callbacks." + UUID.randomUUID();
        RabbitTemplate template = new RabbitTemplate(connectionFactory);
        Runnable declare = () -> template.execute(channel -> {
            channel.exchangeDeclare(topology.eventsExchange(), "topic", true);
            channel.queueDeclare(queue, false, true, true, Map.of());
            channel.queueBind(queue, topology.eventsExchange(), "job.#");
            return null;
        });
        declare.run();
        connectionFactory.addConnectionListener(connection -> declare.run());

        container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(message -> {
            try {
                onEvent.accept(MessageCodec.readEvent(message.getBody()));
            } catch (InvalidMessageException e) {
                log.warn("Ignoring an invalid event on {}: {}", queue, e.getMessage());
            }
        });
        container.afterPropertiesSet();
        container.start();
        log.debug("Listening for job events on {}", queue);
    }

    @Override
    public void close() {
        container.stop();
    }
}
