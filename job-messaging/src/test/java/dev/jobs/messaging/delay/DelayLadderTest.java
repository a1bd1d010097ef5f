package dev.jobs.messaging.delay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DelayLadderTest {

    @Test
    void roundingStaysWithinOneSixteenth() {
        for (long millis = 1; millis <= 5_000_000; millis = millis * 11 / 10 + 1) {
            long rounded = DelayLadder.roundUp(Duration.ofMillis(millis)).toMillis();

            assertThat(rounded).as("rounded %d ms", millis).isGreaterThanOrEqualTo(millis);
            assertThat(rounded - millis).as("excess for %d ms", millis).isLessThanOrEqualTo(millis / 16);
        }
    }

    @Test
    void oneHourOfDelaysNeedsFewQueues() {
        Set<Long> queues = new HashSet<>();

        for (long millis = 1_000; millis <= 3_600_000; millis += 250) {
            queues.add(DelayLadder.roundUp(Duration.ofMillis(millis)).toMillis());
        }

        assertThat(queues).hasSizeLessThanOrEqualTo(192);
    }

    @Test
    void valuesUpToCoverEveryRoundedDelay() {
        var values = new HashSet<>(DelayLadder.valuesUpTo(Duration.ofMinutes(3)));

        for (long millis = 1; millis <= 180_000; millis = millis * 21 / 20 + 1) {
            assertThat(values).as("ladder value of %d ms", millis).contains(DelayLadder.roundUp(Duration.ofMillis(millis)));
        }
    }

    @Test
    void zeroDelayBecomesOneMillisecond() {
        assertThat(DelayLadder.roundUp(Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
    }
}
