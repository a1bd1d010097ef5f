package dev.jobs.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.util.Collection;

/**
 * Deletes the exchanges and queues one test run declared. RabbitMQ 3.10 without the management
 * plugin cannot list names by prefix, so the caller names them.
 */
public final class BrokerCleanup {

    private BrokerCleanup() {
    }

    public static void delete(Collection<String> exchanges, Collection<String> queues) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(TestServices.amqpUri());
            try (Connection connection = factory.newConnection("test-cleanup")) {
                for (String queue : queues) {
                    try (Channel channel = connection.createChannel()) {
                        channel.queueDelete(queue);
                    }
                }
                for (String exchange : exchanges) {
                    try (Channel channel = connection.createChannel()) {
                        channel.exchangeDelete(exchange);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Deleting test queues and exchanges failed", e);
        }
    }
}
