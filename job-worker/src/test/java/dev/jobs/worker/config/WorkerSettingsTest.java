package dev.jobs.worker.config;

import dev.jobs.api.config.InvalidSettingsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerSettingsTest {

    @Test
    void defaultsMatchDocumentedValues() {
        WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of("RUNPOD_API_KEY", "key")::get);

        assertThat(settings.jobs().retryAttempts()).isEqualTo(3);
        assertThat(settings.jobs().retryDelay()).isEqualTo(Duration.ofMillis(60_000));
        assertThat(settings.jobs().timeout()).isEqualTo(Duration.ofMillis(3_600_000));
        assertThat(settings.jobs().prefix()).isEqualTo("jobs");
        assertThat(settings.runpod().baseUrl().toString()).isEqualTo("https://api.runpod.ai");
    }

    @Test
    void variablesAreHonouredLiterally() {
        Map<String, String> environment = Map.of("RUNPOD_API_KEY", "key", "JOB_RETRY_ATTEMPTS", "7",
                "JOB_RETRY_DELAY_MS", "1500", "JOB_TIMEOUT_MS", "90000");

        WorkerSettings settings = WorkerSettings.fromEnvironment(environment::get);

        assertThat(settings.jobs().retryAttempts()).isEqualTo(7);
        assertThat(settings.jobs().retryDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.jobs().timeout()).isEqualTo(Duration.ofMillis(90_000));
    }

    @Test
    void reportsEveryInvalidVariable() {
        Map<String, String> environment = Map.of("JOB_RETRY_ATTEMPTS", "many", "JOB_TIMEOUT_MS", "5",
                "JOB_PREFIX", "Bad Prefix");

        assertThatThrownBy(() -> WorkerSettings.fromEnvironment(environment::get))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("JOB_RETRY_ATTEMPTS=many is not a whole number: allowed 0 to 100")
                .hasMessageContaining("JOB_TIMEOUT_MS=5 is out of range: allowed 1000 to 2592000000")
                .hasMessageContaining("JOB_PREFIX=Bad Prefix is invalid")
                .hasMessageContaining("RUNPOD_API_KEY is missing");
    }

    @Test
    void apiKeyNeverAppearsInSettingsText() {
        WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of("RUNPOD_API_KEY", "secret-key-123")::get);

        assertThat(settings.toString()).doesNotContain("secret-key-123");
    }
}
