package dev.jobs.messaging.health;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Reports the broker as up when a connection is open, as {@code broker} under {@code /actuator/health}. */
public final class BrokerHealthIndicator implements HealthIndicator {

    private final BrokerProbe probe;

    public BrokerHealthIndicator(ConnectionFactory connectionFactory) {
        this.probe = new BrokerProbe(connectionFactory);
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetails(probe.check()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }
}
