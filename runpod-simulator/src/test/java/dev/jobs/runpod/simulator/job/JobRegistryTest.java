package dev.jobs.runpod.simulator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobs.runpod.simulator.Scenario;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class JobRegistryTest {

    private static final String ENDPOINT = "endpoint-a";
    private static final Duration RETENTION = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ObjectNode output = JsonNodeFactory.instance.objectNode().put("loss", 0.25);
    private final Scenario defaultScenario = Scenario.completes(Duration.ofSeconds(2), Duration.ofSeconds(5), output);
    private final JobRegistry registry = new JobRegistry(clock, 42, RETENTION, defaultScenario);

    @Test
    void jobFollowsQueueRunAndEnd() {
        String id = registry.create(ENDPOINT, null, null, ExecutionPolicy.NONE).id();

        JobView queued = view(id);
        clock.advance(Duration.ofSeconds(3));
        JobView running = view(id);
        clock.advance(Duration.ofSeconds(4));
        JobView completed = view(id);

        assertThat(queued.status()).isEqualTo(JobStatus.IN_QUEUE);
        assertThat(queued.delayMillis()).isNull();
        assertThat(queued.workerId()).isNull();
        assertThat(running.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(running.delayMillis()).isEqualTo(2000L);
        assertThat(running.executionMillis()).isNull();
        assertThat(running.workerId()).isNotBlank();
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.delayMillis()).isEqualTo(2000L);
        assertThat(completed.executionMillis()).isEqualTo(5000L);
        assertThat(completed.output()).isEqualTo(output);
        assertThat(completed.error()).isNull();
    }

    @Test
    void cancelInQueueSkipsWorker() {
        String id = registry.create(ENDPOINT, null, null, ExecutionPolicy.NONE).id();
        clock.advance(Duration.ofMillis(500));

        JobView cancelled = registry.cancel(ENDPOINT, id).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        JobView later = view(id);

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(later.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(later.delayMillis()).isEqualTo(500L);
        assertThat(later.executionMillis()).isZero();
        assertThat(later.workerId()).isNull();
        assertThat(later.output()).isNull();
    }

    @Test
    void cancelAfterEndKeepsFinalStatus() {
        String id = registry.create(ENDPOINT, null, null, ExecutionPolicy.NONE).id();
        clock.advance(Duration.ofSeconds(8));

        JobView afterCancel = registry.cancel(ENDPOINT, id).orElseThrow();

        assertThat(afterCancel.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(view(id).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void executionTimeoutEndsTimedOut() {
        ExecutionPolicy policy = new ExecutionPolicy(Duration.ofSeconds(1), null);
        String id = registry.create(ENDPOINT, null, Scenario.runsForever(), policy).id();

        clock.advance(Duration.ofMillis(999));
        JobView beforeTimeout = view(id);
        clock.advance(Duration.ofMillis(1));
        JobView atTimeout = view(id);

        assertThat(beforeTimeout.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(atTimeout.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(atTimeout.executionMillis()).isEqualTo(1000L);
    }

    @Test
    void endedJobGoneAfterRetention() {
        String id = registry.create(ENDPOINT, null, null, ExecutionPolicy.NONE).id();
        clock.advance(Duration.ofSeconds(7).plus(RETENTION).minusMillis(1));

        boolean visibleBeforeExpiry = registry.find(ENDPOINT, id).isPresent();
        clock.advance(Duration.ofMillis(1));
        boolean visibleAtExpiry = registry.find(ENDPOINT, id).isPresent();

        assertThat(visibleBeforeExpiry).isTrue();
        assertThat(visibleAtExpiry).isFalse();
    }

    @Test
    void ttlRemovesUnfinishedJob() {
        ExecutionPolicy policy = new ExecutionPolicy(null, Duration.ofSeconds(3));
        String id = registry.create(ENDPOINT, null, Scenario.runsForever(), policy).id();

        clock.advance(Duration.ofSeconds(3));

        assertThat(registry.find(ENDPOINT, id)).isEmpty();
    }

    @Test
    void jobInvisibleFromOtherEndpoint() {
        String id = registry.create(ENDPOINT, null, null, ExecutionPolicy.NONE).id();

        assertThat(registry.find("endpoint-b", id)).isEmpty();
        assertThat(registry.cancel("endpoint-b", id)).isEmpty();
        assertThat(view(id).status()).isEqualTo(JobStatus.IN_QUEUE);
    }

    @Test
    void scriptBeforeCreationWinsOverRequest() {
        registry.script("planned-id", Scenario.fails(Duration.ZERO, Duration.ofSeconds(1), "CUDA out of memory"));

        registry.create(ENDPOINT, "planned-id", Scenario.runsForever(), ExecutionPolicy.NONE);
        clock.advance(Duration.ofSeconds(1));
        JobView ended = view("planned-id");

        assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
        assertThat(ended.error()).isEqualTo("CUDA out of memory");
    }

    @Test
    void scriptOnExistingJobKeepsCreationTime() {
        String id = registry.create(ENDPOINT, null, Scenario.runsForever(), ExecutionPolicy.NONE).id();
        clock.advance(Duration.ofSeconds(4));

        registry.script(id, Scenario.completes(Duration.ofSeconds(1), Duration.ofSeconds(2), output));
        JobView ended = view(id);

        assertThat(ended.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ended.delayMillis()).isEqualTo(1000L);
        assertThat(ended.executionMillis()).isEqualTo(2000L);
    }

    @Test
    void duplicateRequestedIdRejected() {
        registry.create(ENDPOINT, "fixed-id", null, ExecutionPolicy.NONE);

        assertThatThrownBy(() -> registry.create(ENDPOINT, "fixed-id", null, ExecutionPolicy.NONE))
                .isInstanceOf(DuplicateJobIdException.class)
                .hasMessageContaining("fixed-id");
    }

    @Test
    void healthCountsJobsByStatus() {
        registry.create(ENDPOINT, null, null, ExecutionPolicy.NONE);
        registry.create(ENDPOINT, null, Scenario.runsForever(), ExecutionPolicy.NONE);
        registry.create(ENDPOINT, null, Scenario.fails(Duration.ZERO, Duration.ZERO, "broken"), ExecutionPolicy.NONE);
        registry.create(ENDPOINT, null, Scenario.completes(Duration.ZERO, Duration.ZERO, null), ExecutionPolicy.NONE);
        registry.create("endpoint-b", null, null, ExecutionPolicy.NONE);

        EndpointHealth health = registry.health(ENDPOINT);

        assertThat(health.inQueue()).isEqualTo(1);
        assertThat(health.inProgress()).isEqualTo(1);
        assertThat(health.failed()).isEqualTo(1);
        assertThat(health.completed()).isEqualTo(1);
    }

    private JobView view(String id) {
        return registry.find(ENDPOINT, id).orElseThrow();
    }
}
