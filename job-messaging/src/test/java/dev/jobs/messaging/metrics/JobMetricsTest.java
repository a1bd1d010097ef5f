package dev.jobs.messaging.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JobMetricsTest {

    private static final Instant PLANNED = Instant.parse("2030-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobMetrics metrics = new JobMetrics(registry);

    @Test
    void latenessRecordsNowMinusPlanned() {
        metrics.checkLateness("monitor", PLANNED, PLANNED.plusMillis(250));

        Timer timer = registry.get("jobs.check.lateness").tag("type", "monitor").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    }

    @Test
    void earlyCheckCountsAsZero() {
        metrics.checkLateness("monitor", PLANNED, PLANNED.minusMillis(40));

        Timer timer = registry.get("jobs.check.lateness").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void unplannedCheckIsNotRecorded() {
        metrics.checkLateness("monitor", null, PLANNED);

        assertThat(registry.find("jobs.check.lateness").timer()).isNull();
    }

    @Test
    void latenessPublishesMedianAndP99() {
        for (int millis = 1; millis <= 100; millis++) {
            metrics.checkLateness("monitor", PLANNED, PLANNED.plusMillis(millis));
        }

        ValueAtPercentile[] percentiles = registry.get("jobs.check.lateness").timer().takeSnapshot().percentileValues();
        assertThat(Arrays.stream(percentiles).map(ValueAtPercentile::percentile)).containsExactly(0.5, 0.99);
        // Client-side percentiles come from a histogram with a few percent of error per value.
        assertThat(percentiles[0].value(TimeUnit.MILLISECONDS)).isBetween(45.0, 55.0);
        assertThat(percentiles[1].value(TimeUnit.MILLISECONDS)).isBetween(95.0, 105.0);
    }
}
