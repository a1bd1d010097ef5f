package dev.jobs.runpod.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.NullNode;

class ScenarioTest {

    @Test
    void unknownFinalStatusRejected() {
        assertThatThrownBy(() -> new Scenario(Duration.ZERO, Duration.ZERO, "DONE", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DONE")
                .hasMessageContaining("COMPLETED");
    }

    @Test
    void negativeQueueTimeRejected() {
        assertThatThrownBy(() -> Scenario.completes(Duration.ofMillis(-1), Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueTime");
    }

    @Test
    void endingScenarioNeedsFinalStatus() {
        assertThatThrownBy(() -> new Scenario(Duration.ZERO, Duration.ofSeconds(1), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finalStatus");
    }

    @Test
    void failsRequiresErrorMessage() {
        assertThatThrownBy(() -> Scenario.fails(Duration.ZERO, Duration.ZERO, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error");
    }

    @Test
    void runsForeverHasNoEnd() {
        Scenario scenario = Scenario.runsForever();

        assertThat(scenario.isEndless()).isTrue();
        assertThat(scenario.queueTime()).isZero();
        assertThat(scenario.finalStatus()).isNull();
    }

    @Test
    void jsonNullOutputBecomesNull() {
        Scenario scenario = Scenario.completes(Duration.ZERO, Duration.ZERO, NullNode.getInstance());

        assertThat(scenario.output()).isNull();
    }
}
