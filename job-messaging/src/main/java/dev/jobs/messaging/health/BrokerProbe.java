package dev.jobs.messaging.health;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import java.util.Map;

/** Opens (or reuses) a broker connection and reports the broker's version, for the health endpoint. */
public final class BrokerProbe {

    private final ConnectionFactory connectionFactory;

    public BrokerProbe(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** @throws org.springframework.amqp.AmqpException when the broker cannot be reached */
    public Map<String, Object> check() {
        Connection connection = connectionFactory.createConnection();
        Map<String, Object> properties = connection.getDelegate().getServerProperties();
        Object version = properties == null ? null : properties.get("version");
        return Map.of("open", connection.isOpen(), "version", String.valueOf(version));
    }
}
