package dev.jobs.worker.runpod;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Chooses when to check a RunPod job again. The interval grows with the job's age, as {@code age / 30}, so a job
 * that ends after running for T is noticed within about 3% of T; it starts at the minimum and stops at the maximum.
 *
 * <p>Bounds: the minimum is {@code RUNPOD_POLL_MIN_MS}; the maximum is the job's own poll interval, capped by
 * {@code RUNPOD_POLL_MAX_MS}. A job whose poll interval is below {@code RUNPOD_POLL_MIN_MS} asked for faster
 * checks than the minimum and is checked at its own interval throughout. A ±20% jitter spreads the checks of jobs
 * started together, and the result is kept within the bounds, so a job is never checked less often than its
 * maximum. Only a server's {@code Retry-After} may push the next check past the maximum.
 */
public final class PollingPolicy {

    /** The interval is the job's age divided by this. */
    static final long AGE_DIVISOR = 30;

    private static final double JITTER = 0.2;

    private final Duration pollMin;
    private final Duration pollMax;
    private final DoubleSupplier random;

    /** @param random values in {@code [0, 1)}, such as {@code ThreadLocalRandom.current()::nextDouble} */
    public PollingPolicy(Duration pollMin, Duration pollMax, DoubleSupplier random) {
        this.pollMin = pollMin;
        this.pollMax = pollMax;
        this.random = random;
    }

    /** Returns the interval before the next check of a job that started at {@code startedAt} and is still running. */
    public Duration next(Duration jobPollInterval, Instant startedAt, Instant now, Duration retryAfter) {
        Duration max = min(pollMax, jobPollInterval);
        Duration min = min(pollMin, max);
        Duration age = startedAt == null || now.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, now);
        Duration base = clamp(age.dividedBy(AGE_DIVISOR), min, max);
        return atLeast(clamp(jittered(base), min, max), retryAfter);
    }

    /**
     * Returns the wait after {@code failures} transient errors in a row (1 for the first): the minimum, doubled for each
     * further error, at most the maximum, with jitter, and never sooner than {@code retryAfter}.
     */
    public Duration backoff(Duration jobPollInterval, int failures, Duration retryAfter) {
        Duration max = min(pollMax, jobPollInterval);
        Duration min = min(pollMin, max);
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration base = clamp(min.multipliedBy(1L << doublings), min, max);
        return atLeast(clamp(jittered(base), min, max), retryAfter);
    }

    private Duration jittered(Duration base) {
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    private static Duration atLeast(Duration value, Duration floor) {
        return floor != null && floor.compareTo(value) > 0 ? floor : value;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
