package dev.jobs.worker.runpod;

import java.time.Duration;
import java.util.Optional;

/**
 * RunPod could not respond now: a network error, a timeout, HTTP 429 or 5xx, an open circuit breaker or this
 * process's own rate limit. Checking again later may succeed.
 */
public class RunPodUnavailableException extends RuntimeException {

    private final transient Duration retryAfter;
    private final boolean rateLimited;

    public RunPodUnavailableException(String message) {
        this(message, null, false, null);
    }

    public RunPodUnavailableException(String message, Throwable cause) {
        this(message, null, false, cause);
    }

    /**
     * @param retryAfter  the wait RunPod asked for in {@code Retry-After}, or {@code null}
     * @param rateLimited whether a rate limit, RunPod's or ours, refused the call; that is no sign of an outage
     */
    public RunPodUnavailableException(String message, Duration retryAfter, boolean rateLimited, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.rateLimited = rateLimited;
    }

    /** The wait RunPod asked for before the next call, if it sent {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean isRateLimited() {
        return rateLimited;
    }
}
