package dev.jobs.messaging.delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rounds a delay up to one of a bounded set of values, so a few delay queues serve every delay. Delays up to
 * 32 ms are kept as they are. Longer ones are rounded up to a multiple of 1/16 of their power of two, so a delay
 * is never shorter than requested and at most 6.25% longer. Between 1 s and 1 h that is at most 192 queues.
 */
public final class DelayLadder {

    /** Shortest delay; a zero or negative request is raised to it. */
    public static final Duration MIN_DELAY = Duration.ofMillis(1);

    private DelayLadder() {
    }

    /**
     * Lists every delay the ladder rounds to, from the shortest up to the first one at or above {@code max}, for
     * example to delete every delay queue a deployment may have declared.
     */
    public static List<Duration> valuesUpTo(Duration max) {
        List<Duration> delays = new ArrayList<>();
        Duration delay = roundUp(MIN_DELAY);
        while (delay.compareTo(max) < 0) {
            delays.add(delay);
            delay = roundUp(delay.plusMillis(1));
        }
        delays.add(delay);
        return delays;
    }

    public static Duration roundUp(Duration requested) {
        long millis = Math.max(requested.toMillis(), MIN_DELAY.toMillis());
        if (millis <= 32) {
            return Duration.ofMillis(millis);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(millis) - 4;
        long step = 1L << exponent;
        long rounded = ((millis + step - 1) / step) * step;
        return Duration.ofMillis(rounded);
    }
}
