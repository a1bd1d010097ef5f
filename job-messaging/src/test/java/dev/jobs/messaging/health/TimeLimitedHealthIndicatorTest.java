package dev.jobs.messaging.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TimeLimitedHealthIndicatorTest {

    private static final Duration LIMIT = Duration.ofMillis(200);

    @Test
    void timelyResultIsPassedOn() {
        Health up = Health.up().withDetail("database", "PostgreSQL").build();
        try (TimeLimitedHealthIndicator health = new TimeLimitedHealthIndicator("db", () -> up, LIMIT)) {
            assertThat(health.health()).isEqualTo(up);
        }
    }

    @Test
    void failingCheckIsDownWithItsError() {
        try (TimeLimitedHealthIndicator health = new TimeLimitedHealthIndicator("db", () -> {
            throw new IllegalStateException("connection refused");
        }, LIMIT)) {
            Health result = health.health();

            assertThat(result.getStatus()).isEqualTo(Status.DOWN);
            assertThat(result.getDetails()).containsEntry("error", "connection refused");
        }
    }

    @Test
    void hangingCheckIsDownAfterLimit() {
        CountDownLatch release = new CountDownLatch(1);
        try (TimeLimitedHealthIndicator health = new TimeLimitedHealthIndicator("db", () -> {
            await(release);
            return Health.up().build();
        }, LIMIT)) {
            Health result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> health.health());

            assertThat(result.getStatus()).isEqualTo(Status.DOWN);
            assertThat(result.getDetails().get("error")).asString().startsWith("no result within 200 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void hangingCheckIsNotStartedTwice() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (TimeLimitedHealthIndicator health = new TimeLimitedHealthIndicator("db", () -> {
            started.incrementAndGet();
            await(release);
            return Health.up().build();
        }, LIMIT)) {
            health.health();
            health.health();

            assertThat(started).hasValue(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void closedIndicatorIsDown() {
        TimeLimitedHealthIndicator health = new TimeLimitedHealthIndicator("db", () -> Health.up().build(), LIMIT);
        health.close();

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails().get("error")).asString().contains("stopping");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
