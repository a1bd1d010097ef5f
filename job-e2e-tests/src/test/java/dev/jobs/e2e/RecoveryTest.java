package dev.jobs.e2e;

import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.store.JobStore;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.NewJob;
import dev.jobs.messaging.parking.Parking;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs whose message was lost are found and republished; jobs from producers without a row get one. */
class RecoveryTest {

    private static final Duration MARGIN = Duration.ofSeconds(2);

    private static TestStack stack;
    private static JobRepository jobs;

    @BeforeAll
    static void startStack() {
        stack = new TestStack(TestStack.Options.defaults().withWorkerProperties(Map.of(
                "JOB_RECONCILE_INTERVAL_MS", "500",
                "JOB_RECONCILE_MARGIN_MS", Long.toString(MARGIN.toMillis()))));
        jobs = JobStore.migrateAndOpen(stack.dataSource).jobs();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void pendingJobWhoseMessageWasLostIsRepublished() {
        String runpodJobId = completingRunPodJob();
        UUID jobId = UUID.randomUUID();

        jobs.insertIfAbsent(newJob(jobId, runpodJobId));

        JobView job = awaitEnd(jobId, Duration.ofSeconds(20));
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void runningJobWhoseCheckIsOverdueIsRepublished() {
        String runpodJobId = completingRunPodJob();
        UUID jobId = UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(30);
        jobs.insertIfAbsent(newJob(jobId, runpodJobId));
        jobs.markRunning(jobId, past, past.plus(Duration.ofMinutes(10)));

        jobs.recordCheck(jobId, 0, "IN_PROGRESS", null, Duration.ofSeconds(1), past.plusSeconds(1), past);

        JobView job = awaitEnd(jobId, Duration.ofSeconds(20));
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.checks()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void runningJobWithPendingCheckIsLeftAlone() throws InterruptedException {
        String runpodJobId = completingRunPodJob();
        UUID jobId = UUID.randomUUID();
        Instant now = Instant.now();
        jobs.insertIfAbsent(newJob(jobId, runpodJobId));
        jobs.markRunning(jobId, now, now.plus(Duration.ofMinutes(10)));

        jobs.recordCheck(jobId, 0, "IN_PROGRESS", null, Duration.ofMinutes(1), now.plus(Duration.ofMinutes(1)), now);
        Thread.sleep(MARGIN.multipliedBy(2).toMillis());

        JobView job = stack.manager.get(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.checks()).isEqualTo(1);
        assertThat(stack.simulator.requestLog().count("GET", "/v2/" + TestStack.ENDPOINT + "/status/" + runpodJobId))
                .as("status calls for a job whose next check is a minute away").isZero();
    }

    @Test
    void foreignJobMessageGetsItsRowAndRuns() {
        String runpodJobId = completingRunPodJob();
        UUID jobId = UUID.randomUUID();
        JobMessage message = JobMessage.first(jobId, MonitorTrainingPayload.TYPE, payload(runpodJobId));

        publish(message);
        publish(message);

        JobView job = awaitEnd(jobId, Duration.ofSeconds(20));
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.runpodJobId()).isEqualTo(runpodJobId);
        assertThat(job.maxAttempts()).isEqualTo(4);
    }

    @Test
    void foreignJobMessageWithInvalidPayloadIsParked() {
        UUID jobId = UUID.randomUUID();

        publish(JobMessage.first(jobId, MonitorTrainingPayload.TYPE, MessageCodec.mapper().readTree("{\"endpointId\":\"e\"}")));

        var parked = await().atMost(Duration.ofSeconds(10)).until(
                () -> stack.rabbit.execute(channel -> channel.basicGet(stack.topology.deadQueue(), true)),
                response -> response != null);
        assertThat(parked.getProps().getHeaders().get(Parking.REASON_HEADER).toString()).contains("payload.runpodJobId");
        assertThat(stack.manager.get(jobId)).isEmpty();
    }

    private static String completingRunPodJob() {
        return stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(200), MessageCodec.mapper().createObjectNode()));
    }

    private static NewJob newJob(UUID jobId, String runpodJobId) {
        return new NewJob(jobId, MonitorTrainingPayload.TYPE, payload(runpodJobId).toString(), 3, Duration.ofMillis(200),
                Duration.ofMinutes(5), TestStack.POLL_INTERVAL, runpodJobId, null, null);
    }

    private static JsonNode payload(String runpodJobId) {
        return MessageCodec.mapper().createObjectNode().put("runpodJobId", runpodJobId).put("endpointId", TestStack.ENDPOINT);
    }

    private static void publish(JobMessage message) {
        stack.rabbit.send(stack.topology.workExchange(), message.type(),
                new Message(MessageCodec.write(message), new MessageProperties()));
    }

    private static JobView awaitEnd(UUID jobId, Duration limit) {
        return await().atMost(limit).until(() -> stack.manager.get(jobId).orElse(null),
                job -> job != null && job.status().isTerminal());
    }
}
