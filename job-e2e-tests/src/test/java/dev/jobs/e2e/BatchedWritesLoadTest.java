package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.producer.client.SubmitResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads submit at once, so their inserts share statements, and a worker with 16 consumers starts and ends
 * the jobs, so consumers share start statements and end transactions. Each submit must return its own job, and
 * each job must run once and publish one event.
 */
class BatchedWritesLoadTest {

    private static final int JOBS = 800;
    private static final int SUBMIT_THREADS = 16;

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = new TestStack(TestStack.Options.withTestHandlers()
                .withWorkerProperties(Map.of("JOB_CONCURRENCY", "16", "JOB_PREFETCH", "10")));
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentSubmitsRunEachJobOnce() throws Exception {
        String events = stack.subscribeToEvents();

        Map<Integer, SubmitResult> results = new HashMap<>();
        try (ExecutorService submitters = Executors.newFixedThreadPool(SUBMIT_THREADS)) {
            List<Future<SubmitResult>> submitted = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ObjectNode payload = MessageCodec.mapper().createObjectNode()
                        .put("complete", true).put("fast", true).put("index", i);
                submitted.add(submitters.submit(() -> stack.manager.client()
                        .submit(TestHandlers.CANCEL_FAILS, payload, JobOptions.defaults())));
            }
            for (int i = 0; i < JOBS; i++) {
                results.put(i, submitted.get(i).get(30, TimeUnit.SECONDS));
            }
        }

        Set<UUID> jobIds = new HashSet<>();
        AtomicInteger unpublished = new AtomicInteger();
        for (Map.Entry<Integer, SubmitResult> entry : results.entrySet()) {
            SubmitResult result = entry.getValue();
            assertThat(result.job().payload().path("index").asInt(-1)).as("index in the job returned to submit %d",
                    entry.getKey()).isEqualTo(entry.getKey());
            assertThat(result.created()).as("submit %d created a job", entry.getKey()).isTrue();
            if (!result.published()) {
                unpublished.incrementAndGet();
            }
            jobIds.add(result.job().id());
        }
        assertThat(jobIds).as("distinct job ids").hasSize(JOBS);
        // The broker is up, so each publish should be confirmed before submit returns.
        assertThat(unpublished.get()).as("submits whose publish was not confirmed").isZero();

        List<JobEvent> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).until(() -> {
            stack.drainEvents(events, received);
            return received.stream().map(JobEvent::jobId).distinct().count() >= JOBS;
        });
        // Give a duplicate event, if any was published, time to arrive before counting.
        Thread.sleep(500);
        stack.drainEvents(events, received);

        Map<UUID, Set<UUID>> eventIdsByJob = new HashMap<>();
        for (JobEvent event : received) {
            eventIdsByJob.computeIfAbsent(event.jobId(), id -> new HashSet<>()).add(event.eventId());
        }
        assertThat(eventIdsByJob.keySet()).as("jobs with an event").isEqualTo(jobIds);
        for (Map.Entry<Integer, SubmitResult> entry : results.entrySet()) {
            UUID jobId = entry.getValue().job().id();
            assertThat(eventIdsByJob.get(jobId)).as("event ids of job %s", jobId)
                    .containsExactly(JobEvent.eventIdOf(jobId, JobStatus.COMPLETED, 1));
            assertThat(TestHandlers.CANCEL_FAILS_RUNS.get(jobId)).as("handler runs of job %s", jobId)
                    .hasValue(1);
            var stored = stack.manager.get(jobId).orElseThrow();
            assertThat(stored.status()).as("status of job %s", jobId).isEqualTo(JobStatus.COMPLETED);
            assertThat(stored.payload().path("index").asInt(-1)).as("index in the stored job %s", jobId)
                    .isEqualTo(entry.getKey());
        }
    }
}
