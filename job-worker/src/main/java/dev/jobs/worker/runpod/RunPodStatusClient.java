package dev.jobs.worker.runpod;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Calls RunPod's serverless API: {@code GET /v2/{endpointId}/status/{id}} and {@code POST /v2/{endpointId}/cancel/{id}},
 * with the API key as a bearer token. The same code serves {@code https://api.runpod.ai} and the simulator; only
 * the base URL differs.
 *
 * <p>Each call passes, from the outside in: a short retry with jitter for single flaky calls (5xx, I/O errors and
 * timeouts, never 429, whose wait is the caller's to honour); a rate limiter shared by every client of the same key
 * in this process; a circuit breaker that stops calling during an outage, so the monitor turns it into delayed
 * checks instead of a storm of calls. Each HTTP attempt takes a permit and counts in the breaker.
 */
public final class RunPodStatusClient {

    private static final Logger log = LoggerFactory.getLogger(RunPodStatusClient.class);

    private final RunPodSettings settings;
    private final RunPodHttp http;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final RateLimiter statusLimiter;
    private final RateLimiter cancelLimiter;

    public RunPodStatusClient(RunPodSettings settings) {
        this.settings = settings;
        this.http = new RunPodHttp(settings);
        this.retry = Retry.of("runpod", RetryConfig.<Object>custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2, 0.5))
                .retryOnException(RunPodStatusClient::isWorthRetryingNow)
                .build());
        this.circuitBreaker = CircuitBreaker.of("runpod", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(3)
                .waitDurationInOpenState(settings.circuitOpenWait())
                .recordException(RunPodStatusClient::isOutage)
                .build());
        this.statusLimiter = RunPodRateLimiters.status(settings);
        this.cancelLimiter = RunPodRateLimiters.cancel(settings);
        retry.getEventPublisher().onRetry(event -> log.info("RunPod call failed, retry {} in {} ms: {}",
                event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                event.getLastThrowable() == null ? "" : event.getLastThrowable().getMessage()));
        circuitBreaker.getEventPublisher().onStateTransition(event -> log.warn("RunPod circuit breaker: {}",
                event.getStateTransition()));
    }

    /**
     * Reads a job's status.
     *
     * @throws RunPodUnavailableException     when RunPod cannot respond now, also while the circuit breaker is open
     *                                        or this process's rate limit is used up
     * @throws RunPodJobNotFoundException     when RunPod responds 404
     * @throws RunPodAuthenticationException  when RunPod rejects the key (401, 403)
     */
    public RunPodJobStatus status(String endpointId, String runpodJobId) {
        return guarded(statusLimiter, () -> http.get(endpointId, runpodJobId, "status"));
    }

    /** Asks RunPod to cancel a job; returns the status RunPod reports afterwards. Throws as {@link #status} does. */
    public RunPodJobStatus cancel(String endpointId, String runpodJobId) {
        return guarded(cancelLimiter, () -> http.post(endpointId, runpodJobId, "cancel"));
    }

    RunPodSettings settings() {
        return settings;
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    private RunPodJobStatus guarded(RateLimiter limiter, Supplier<RunPodJobStatus> call) {
        Supplier<RunPodJobStatus> breakered = CircuitBreaker.decorateSupplier(circuitBreaker, call);
        Supplier<RunPodJobStatus> limited = RateLimiter.decorateSupplier(limiter, breakered);
        try {
            return Retry.decorateSupplier(retry, limited).get();
        } catch (CallNotPermittedException e) {
            throw new RunPodUnavailableException("RunPod calls are paused by the circuit breaker after repeated failures", e);
        } catch (RequestNotPermitted e) {
            throw new RunPodUnavailableException("This process's RunPod rate limit is used up (" + limiter.getRateLimiterConfig()
                    .getLimitForPeriod() + " calls per second for this key)", null, true, e);
        }
    }

    private static boolean isWorthRetryingNow(Throwable error) {
        return error instanceof RunPodUnavailableException unavailable && !unavailable.isRateLimited();
    }

    private static boolean isOutage(Throwable error) {
        return error instanceof RunPodUnavailableException unavailable && !unavailable.isRateLimited();
    }
}
