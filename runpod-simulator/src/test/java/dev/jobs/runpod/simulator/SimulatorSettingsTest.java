package dev.jobs.runpod.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    @Test
    void defaultsMatchDocumentedValues() {
        SimulatorSettings settings = SimulatorSettings.defaults();

        assertThat(settings.port()).isZero();
        assertThat(settings.apiKey()).isEqualTo("sim-key");
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.resultRetention()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.defaultScenario().queueTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.defaultScenario().runTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.defaultScenario().finalStatus()).isEqualTo("COMPLETED");
        assertThat(settings.defaultScenario().output().get("message").stringValue()).isEqualTo("done");
    }

    @Test
    void emptyEnvironmentUsesDefaults() {
        SimulatorSettings settings = SimulatorSettings.fromEnvironment(Map.of());

        assertThat(settings.port()).isEqualTo(8089);
        assertThat(settings.apiKey()).isEqualTo("sim-key");
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.resultRetention()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void environmentValuesAreRead() {
        Map<String, String> env = Map.of(
                "SIMULATOR_PORT", "9100",
                "RUNPOD_API_KEY", "other-key",
                "SIMULATOR_SEED", "-7",
                "SIMULATOR_RESULT_RETENTION_MS", "1500");

        SimulatorSettings settings = SimulatorSettings.fromEnvironment(env);

        assertThat(settings.port()).isEqualTo(9100);
        assertThat(settings.apiKey()).isEqualTo("other-key");
        assertThat(settings.seed()).isEqualTo(-7);
        assertThat(settings.resultRetention()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void portOutOfRangeNamesVariable() {
        Map<String, String> env = Map.of("SIMULATOR_PORT", "70000");

        assertThatThrownBy(() -> SimulatorSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIMULATOR_PORT")
                .hasMessageContaining("70000")
                .hasMessageContaining("0 to 65535");
    }

    @Test
    void nonNumericSeedNamesVariable() {
        Map<String, String> env = Map.of("SIMULATOR_SEED", "abc");

        assertThatThrownBy(() -> SimulatorSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIMULATOR_SEED")
                .hasMessageContaining("abc");
    }

    @Test
    void zeroRetentionNamesVariable() {
        Map<String, String> env = Map.of("SIMULATOR_RESULT_RETENTION_MS", "0");

        assertThatThrownBy(() -> SimulatorSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIMULATOR_RESULT_RETENTION_MS")
                .hasMessageContaining("'0'")
                .hasMessageContaining("from 1 to");
    }
}
