package dev.jobs.runpod.simulator.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * Requests allowed per endpoint in each window before the simulator responds 429, as RunPod limits each user and
 * endpoint (in RunPod's documentation of endpoint operations: {@code /run} 1000, {@code /runsync} 2000,
 * {@code /status} and {@code /stream} 2000, {@code /cancel} 100 and {@code /purge-queue} 2 per 10 s).
 *
 * @param run {@code /run} requests per window
 * @param runSync {@code /runsync} requests per window
 * @param status {@code /status} and {@code /stream} requests per window
 * @param cancel {@code /cancel} and {@code /retry} requests per window
 * @param purgeQueue {@code /purge-queue} requests per window
 * @param window the length of a window; counts start again at zero when it ends
 * @param retryAfterSeconds the {@code Retry-After} header of a 429 response, or {@code null} to send none
 */
public record RateLimits(
        int run, int runSync, int status, int cancel, int purgeQueue, Duration window, Integer retryAfterSeconds) {

    /** RunPod's documented limits, without a {@code Retry-After} header. */
    public static final RateLimits RUNPOD = new RateLimits(1000, 2000, 2000, 100, 2, Duration.ofSeconds(10), null);

    /** Validates the limits. */
    public RateLimits {
        Objects.requireNonNull(window, "window");
        if (run < 1 || runSync < 1 || status < 1 || cancel < 1 || purgeQueue < 1) {
            throw new IllegalArgumentException("Every rate limit must be 1 or more");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("The rate limit window must be more than zero, but was " + window);
        }
    }

    /** Returns these limits with {@code status} requests per window and the given {@code Retry-After}. */
    public RateLimits withStatus(int newStatus, Integer newRetryAfterSeconds) {
        return new RateLimits(run, runSync, newStatus, cancel, purgeQueue, window, newRetryAfterSeconds);
    }

    int limitOf(String operation) {
        return switch (operation) {
            case "run" -> run;
            case "runsync" -> runSync;
            case "status", "stream" -> status;
            case "cancel", "retry" -> cancel;
            case "purge-queue" -> purgeQueue;
            default -> Integer.MAX_VALUE;
        };
    }

    static String groupOf(String operation) {
        return switch (operation) {
            case "stream" -> "status";
            case "retry" -> "cancel";
            default -> operation;
        };
    }
}
