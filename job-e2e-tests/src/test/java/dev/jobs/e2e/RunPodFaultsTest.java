package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.fault.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** RunPod misbehaving, seen through the whole worker: rate limits, outages, stuck jobs, and the key kept secret. */
class RunPodFaultsTest {

    /** A key distinctive enough that finding it anywhere means it leaked. */
    private static final String SECRET_KEY = "sim-key";

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = new TestStack(TestStack.Options.defaults().withWorkerProperties(Map.of(
                "RUNPOD_POLL_MIN_MS", "100",
                "RUNPOD_CIRCUIT_OPEN_MS", "500")));
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void rateLimitsUseNoAttempt() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(300), MessageCodec.mapper().createObjectNode()));
        stack.simulator.injectFaults(runpodJobId, Fault.rateLimited(1, 3));

        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { });

        JobView job = awaitEnd(jobId, Duration.ofSeconds(30));
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.attempt()).as("attempt after three 429 answers").isEqualTo(1);
        assertThat(job.attemptErrors().size()).as("failed attempts recorded").isZero();
    }

    @Test
    void outageFailsNoJob() {
        List<UUID> jobIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                    Scenario.completes(Duration.ZERO, Duration.ofSeconds(2), MessageCodec.mapper().createObjectNode()));
            jobIds.add(stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { }));
        }

        stack.simulator.storm(Duration.ofSeconds(3), 503);

        for (UUID jobId : jobIds) {
            assertThat(awaitEnd(jobId, Duration.ofSeconds(40)).status()).as("job %s after the outage", jobId)
                    .isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void stuckInQueueCancelledOnce() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                new Scenario(Duration.ofHours(1), Duration.ofMinutes(1), "COMPLETED", null, null));

        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, JobOptions.defaults().withTimeout(Duration.ofSeconds(2)),
                result -> { }, error -> { });

        JobView job = awaitEnd(jobId, Duration.ofSeconds(20));
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).startsWith("Timed out").contains("RunPod cancel returned CANCELLED");
        assertThat(stack.simulator.requestLog().count("POST", "/v2/" + TestStack.ENDPOINT + "/cancel/" + runpodJobId))
                .as("cancel calls").isEqualTo(1);
    }

    @Test
    void apiKeyNeverLeaks() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        String events = stack.subscribeToEvents();
        try {
            String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                    Scenario.fails(Duration.ZERO, Duration.ofMillis(200), "boom"));
            stack.simulator.injectFaults(runpodJobId, Fault.httpError(503, 2));
            UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { });
            JobView job = awaitEnd(jobId, Duration.ofSeconds(30));

            assertThat(MessageCodec.mapper().writeValueAsString(job)).doesNotContain(SECRET_KEY);
            var event = await().atMost(Duration.ofSeconds(10)).until(
                    () -> stack.rabbit.execute(channel -> channel.basicGet(events, true)), response -> response != null);
            assertThat(new String(event.getBody(), StandardCharsets.UTF_8)).doesNotContain(SECRET_KEY);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("log output").isNotEmpty().doesNotContain(SECRET_KEY);
    }

    private static JobView awaitEnd(UUID jobId, Duration limit) {
        return await().atMost(limit).until(() -> stack.manager.get(jobId).orElseThrow(), job -> job.status().isTerminal());
    }

    /** Writes to both streams, so the test output stays visible while it is captured. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
