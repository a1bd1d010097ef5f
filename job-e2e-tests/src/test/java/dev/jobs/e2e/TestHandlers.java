package dev.jobs.e2e;

import dev.jobs.api.types.JobType;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.types.NoOpPayload;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handlers that only tests register: one that always throws, a slow one, and one whose cancellation hook throws.
 * {@link #NO_OP} is built in.
 */
@Configuration(proxyBeanMethods = false)
class TestHandlers {

    static final String ALWAYS_FAILS = "always-fails";
    static final String NO_OP = NoOpPayload.TYPE;
    static final String SLOW = "slow";
    static final String CANCEL_FAILS = "cancel-fails";

    /** Runs of the {@link #CANCEL_FAILS} handler per job id, in every worker of this JVM. */
    static final Map<UUID, AtomicInteger> CANCEL_FAILS_RUNS = new ConcurrentHashMap<>();

    /** Handlers of {@link #SLOW} running right now, in every worker of this JVM, and the most seen at once. */
    static final AtomicInteger SLOW_RUNNING = new AtomicInteger();
    static final AtomicInteger SLOW_MAX_RUNNING = new AtomicInteger();

    static JobTypeRegistry registry() {
        return JobTypeRegistry.builtIn().with(JobType.of(ALWAYS_FAILS)).with(JobType.of(SLOW))
                .with(JobType.of(CANCEL_FAILS));
    }

    @Bean
    JobHandler slow() {
        return new JobHandler() {
            @Override
            public String type() {
                return SLOW;
            }

            @Override
            public HandlerOutcome handle(JobContext context) throws InterruptedException {
                int running = SLOW_RUNNING.incrementAndGet();
                SLOW_MAX_RUNNING.accumulateAndGet(running, Math::max);
                try {
                    Thread.sleep(200);
                } finally {
                    SLOW_RUNNING.decrementAndGet();
                }
                return HandlerOutcome.complete(context.payload());
            }
        };
    }

    /**
     * Completes when the payload has {@code "complete": true}, after 20 ms unless it also has {@code "fast": true}.
     * Otherwise it requests another check in 100 ms. Its cancellation hook always throws.
     */
    @Bean
    JobHandler cancelFails() {
        return new JobHandler() {
            @Override
            public String type() {
                return CANCEL_FAILS;
            }

            @Override
            public HandlerOutcome handle(JobContext context) throws InterruptedException {
                CANCEL_FAILS_RUNS.computeIfAbsent(context.jobId(), id -> new AtomicInteger()).incrementAndGet();
                if (!context.payload().path("complete").asBoolean()) {
                    return HandlerOutcome.checkAgain(Duration.ofMillis(100));
                }
                if (!context.payload().path("fast").asBoolean()) {
                    Thread.sleep(20);
                }
                return HandlerOutcome.complete(context.payload());
            }

            @Override
            public void onCancel(JobContext context) {
                throw new IllegalStateException("cancelling the remote work failed");
            }
        };
    }

    @Bean
    JobHandler alwaysFails() {
        return new JobHandler() {
            @Override
            public String type() {
                return ALWAYS_FAILS;
            }

            @Override
            public HandlerOutcome handle(JobContext context) {
                throw new IllegalStateException("boom on attempt " + context.attempt());
            }
        };
    }

}
