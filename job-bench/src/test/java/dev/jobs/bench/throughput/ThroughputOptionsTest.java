package dev.jobs.bench.throughput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThroughputOptionsTest {

    @TempDir
    Path folder;

    @Test
    void samplesInMissingFolderRejected() {
        Path samples = folder.resolve("missing").resolve("samples.csv");

        assertThatThrownBy(() -> ThroughputOptions.parse(new String[] {"--samples", samples.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(samples.getParent().toString())
                .hasMessageContaining("create it first");
    }

    @Test
    void maxWarmBelowWarmRejected() {
        assertThatThrownBy(() -> ThroughputOptions.parse(new String[] {"--warm-secs", "10", "--max-warm-secs", "5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-warm-secs must be from --warm-secs (10)")
                .hasMessageContaining("got 5");
    }

    @Test
    void nonNumberNamesOption() {
        assertThatThrownBy(() -> ThroughputOptions.parse(new String[] {"--warm-secs", "1.5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid --warm-secs '1.5': use a whole number from 0 to 60");
    }

    @Test
    void outOfRangeNamesValue() {
        assertThatThrownBy(() -> ThroughputOptions.parse(new String[] {"--warm-secs", "61"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--warm-secs must be 0 to 60, got 61");
    }

    @Test
    void samplesFolderRejected() {
        assertThatThrownBy(() -> ThroughputOptions.parse(new String[] {"--samples", folder.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a folder");
    }

    @Test
    void settlingBoundsParsed() throws Exception {
        Path jar = Files.createFile(folder.resolve("worker.jar"));

        ThroughputOptions options = ThroughputOptions.parse(new String[] {"--warm-secs", "3", "--max-warm-secs", "40",
                "--samples", folder.resolve("samples.csv").toString(), "--worker-jar", jar.toString()});

        assertThat(options.warmSecs()).isEqualTo(3);
        assertThat(options.maxWarmSecs()).isEqualTo(40);
        assertThat(options.samples()).isEqualTo(folder.resolve("samples.csv"));
    }
}
