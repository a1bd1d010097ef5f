package dev.jobs.worker.runpod;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limiters shared by every client of one API key and base URL in this process, because RunPod counts calls
 * per user and endpoint, not per monitor. A limiter's name contains a short hash of the key, never the key.
 */
final class RunPodRateLimiters {

    /** How long a call waits for a permit before it gives up and the job is checked again later. */
    static final Duration PERMIT_WAIT = Duration.ofSeconds(2);

    private static final Map<String, RateLimiter> LIMITERS = new ConcurrentHashMap<>();

    private RunPodRateLimiters() {
    }

    static RateLimiter status(RunPodSettings settings) {
        return limiter(settings, "status", settings.statusCallsPerSecond());
    }

    static RateLimiter cancel(RunPodSettings settings) {
        return limiter(settings, "cancel", settings.cancelCallsPerSecond());
    }

    private static RateLimiter limiter(RunPodSettings settings, String operation, int perSecond) {
        String name = "runpod-" + operation + "-" + fingerprint(settings.apiKey() + "@" + settings.baseUrl())
                + "-" + perSecond;
        return LIMITERS.computeIfAbsent(name, key -> RateLimiter.of(key, RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(PERMIT_WAIT)
                .build()));
    }

    static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
