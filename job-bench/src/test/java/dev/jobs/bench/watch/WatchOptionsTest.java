package dev.jobs.bench.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchOptionsTest {

    @Test
    void runMinutesOutOfOrderIsRejected() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--run-minutes", "6-4"}))
                .hasMessageContaining("Invalid --run-minutes '6-4'")
                .hasMessageContaining("0 < MIN <= MAX <= 120");
    }

    @Test
    void runMinutesWithoutRangeIsRejected() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--run-minutes", "5"}))
                .hasMessageContaining("Invalid --run-minutes '5'")
                .hasMessageContaining("such as 4-6");
    }

    @Test
    void runsShorterThanOneIntervalAreRejected() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--run-minutes", "0.5-1", "--poll-ms", "30000"}))
                .hasMessageContaining("Invalid --run-minutes '0.5-1' with --poll-ms 30000")
                .hasMessageContaining("raise the minimum or lower --poll-ms");
    }

    @Test
    void nonNumericRunsAreRejected() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--runs", "10k"}))
                .hasMessageContaining("Invalid --runs '10k'")
                .hasMessageContaining("whole number from 1 to 100000");
    }

    @Test
    void optionWithoutValueIsRejected() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--poll-ms"}))
                .hasMessageContaining("Option --poll-ms has no value");
    }

    @Test
    void unknownOptionIsRejected() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--n", "5"}))
                .hasMessageContaining("Unknown option --n")
                .hasMessageContaining("--runs");
    }

    @Test
    void missingWorkerJarIsNamed() {
        assertThatThrownBy(() -> WatchOptions.parse(new String[] {"--worker-jar", "missing.jar"}))
                .hasMessageContaining("missing.jar not found")
                .hasMessageContaining("./jobs build");
    }
}
