package dev.jobs.runpod.simulator.fault;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts requests per endpoint and operation in fixed windows and reports when one is over its limit. The
 * simulator has one API key, so per endpoint is per user and endpoint, as RunPod counts.
 */
public final class RequestRateLimiter {

    private final RateLimits limits;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public RequestRateLimiter(RateLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public RateLimits limits() {
        return limits;
    }

    /** Counts one request and returns whether it is within the limit of its operation. */
    public synchronized boolean tryAcquire(String endpointId, String operation) {
        Instant now = clock.instant();
        String key = endpointId + "/" + RateLimits.groupOf(operation);
        Window window = windows.get(key);
        if (window == null || !now.isBefore(window.start.plus(limits.window()))) {
            window = new Window(now);
            windows.put(key, window);
        }
        window.count++;
        return window.count <= limits.limitOf(operation);
    }

    private static final class Window {
        private final Instant start;
        private int count;

        private Window(Instant start) {
            this.start = start;
        }
    }
}
