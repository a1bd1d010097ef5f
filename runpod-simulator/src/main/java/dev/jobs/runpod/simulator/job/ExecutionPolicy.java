package dev.jobs.runpod.simulator.job;

import java.time.Duration;

/**
 * Per-job limits from the {@code policy} object of a {@code /run} request.
 *
 * @param executionTimeout maximum time {@code IN_PROGRESS} before the job ends {@code TIMED_OUT}, or
 *     {@code null} for no limit
 * @param ttl lifetime of the job from creation, including queue and run time, after which it is removed and
 *     reported as not found, or {@code null} for no limit besides the result retention
 */
public record ExecutionPolicy(Duration executionTimeout, Duration ttl) {

    /** Policy without limits. */
    public static final ExecutionPolicy NONE = new ExecutionPolicy(null, null);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is zero or negative
     */
    public ExecutionPolicy {
        requirePositive("executionTimeout", executionTimeout);
        requirePositive("ttl", ttl);
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(name + " must be more than zero, but was " + value.toMillis() + " ms");
        }
    }
}
