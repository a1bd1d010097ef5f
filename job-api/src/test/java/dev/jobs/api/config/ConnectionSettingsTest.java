package dev.jobs.api.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionSettingsTest {

    @Test
    void uriDropsCredentials() {
        assertThat(ConnectionSettings.withoutCredentials("amqp://jobs:s3cret@broker.internal:5672/vhost"))
                .isEqualTo("amqp://broker.internal:5672");
        assertThat(ConnectionSettings.withoutCredentials("amqps://broker.internal")).isEqualTo("amqps://broker.internal");
    }

    @Test
    void unreadableUriIsNotEchoed() {
        assertThat(ConnectionSettings.withoutCredentials("not a uri: s3cret")).isEqualTo("the URI given");
        assertThat(ConnectionSettings.withoutCredentials("localhost:5672")).isEqualTo("the URI given");
    }
}
