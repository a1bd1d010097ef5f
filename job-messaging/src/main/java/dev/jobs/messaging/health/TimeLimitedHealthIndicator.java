package dev.jobs.messaging.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reports another indicator's health, or down when that indicator returns nothing within a time limit. A database
 * check blocks for the pool's whole connection timeout (30 s in HikariCP) while PostgreSQL refuses connections. A
 * health request that waits that long is itself taken for a failure by most probes, and it gives no cause.
 *
 * <p>The check runs on a thread of its own. While a check is still running, a new request waits for that check
 * instead of starting another, so a dead database never ties up more than one thread.
 */
public final class TimeLimitedHealthIndicator implements HealthIndicator, AutoCloseable {

    /**
     * The limit that the services use. A healthy {@code SELECT 1} takes milliseconds, while a busy pool can add seconds.
     */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TimeLimitedHealthIndicator.class);

    private final String name;
    private final HealthIndicator delegate;
    private final Duration limit;
    private final ExecutorService executor;
    private CompletableFuture<Health> running;

    /**
     * @param name names the check in logs and in the thread that runs it, such as {@code db}
     */
    public TimeLimitedHealthIndicator(String name, HealthIndicator delegate, Duration limit) {
        this.name = name;
        this.delegate = delegate;
        this.limit = limit;
        this.executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("health-" + name).factory());
    }

    @Override
    public Health health() {
        try {
            return check().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Health check {} returned no result within {} ms, reporting it down", name, limit.toMillis());
            return Health.down()
                    .withDetail("error", "no result within " + limit.toMillis() + " ms: the check is still waiting,"
                            + " so the server may be down, refusing connections or overloaded")
                    .build();
        } catch (ExecutionException e) {
            log.warn("Health check {} failed: {}", name, e.getCause().toString());
            return Health.down().withDetail("error", String.valueOf(e.getCause().getMessage())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted while waiting for the check").build();
        }
    }

    /** Returns the check still running, or starts a new one. After {@link #close()} it returns a down result. */
    private synchronized CompletableFuture<Health> check() {
        if (executor.isShutdown()) {
            return CompletableFuture.completedFuture(
                    Health.down().withDetail("error", "the service is stopping, so the check no longer runs").build());
        }
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(delegate::health, executor);
        }
        return running;
    }

    @Override
    public synchronized void close() {
        executor.shutdownNow();
    }
}
