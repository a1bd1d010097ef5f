package dev.jobs.messaging.health;

import dev.jobs.testing.FaultProxy;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Puts a proxy of this test's own in front of RabbitMQ and silences it, as a frozen broker host would be. */
class SilentBrokerHealthTest {

    @Test
    void silentBrokerIsDownWithinLimit() {
        URI broker = URI.create(TestServices.amqpUri());
        try (FaultProxy proxy = new FaultProxy(broker.getHost(), broker.getPort())) {
            CachingConnectionFactory connectionFactory = new CachingConnectionFactory(URI.create(
                    broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxy.port()));
            try (TimeLimitedHealthIndicator health = new TimeLimitedHealthIndicator("broker",
                    new BrokerHealthIndicator(connectionFactory), TimeLimitedHealthIndicator.DEFAULT_LIMIT)) {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                proxy.silence();

                // By default the RabbitMQ client alone waits 10 s for a silent server's handshake, and 60 s to connect
                // to a host that drops packets.
                Health result = null;
                for (int i = 0; i < 5 && (result == null || !String.valueOf(result.getDetails().get("error"))
                        .startsWith("no result within")); i++) {
                    result = assertTimeoutPreemptively(Duration.ofSeconds(8), () -> health.health());
                    assertThat(result.getStatus()).isEqualTo(Status.DOWN);
                }
                assertThat(result.getDetails().get("error")).asString().startsWith("no result within 5000 ms");
            } finally {
                connectionFactory.destroy();
            }
        }
    }
}
