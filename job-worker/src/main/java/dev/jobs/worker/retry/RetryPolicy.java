package dev.jobs.worker.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Backoff before retry number {@code n} (1 for the first retry): {@code baseDelay * 2^(n-1)}, then scaled by a
 * random factor in [0.75, 1.25) so jobs that failed together do not all retry at the same moment.
 */
public final class RetryPolicy {

    private static final double JITTER = 0.25;
    private static final Duration MAX_DELAY = Duration.ofDays(1);

    private final DoubleSupplier random;

    public RetryPolicy(DoubleSupplier random) {
        this.random = random;
    }

    public Duration delayBefore(int retry, Duration baseDelay) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        double exponential = baseDelay.toMillis() * Math.pow(2, doublings);
        double jittered = exponential * (1 - JITTER + 2 * JITTER * random.getAsDouble());
        return Duration.ofMillis((long) Math.min(jittered, MAX_DELAY.toMillis()));
    }
}
