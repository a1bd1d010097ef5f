package dev.jobs.e2e;

import com.rabbitmq.client.GetResponse;
import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TrainingMonitorTest {

    private static TestStack stack;
    private static String events;

    @BeforeAll
    static void startStack() {
        stack = TestStack.withWorker();
        events = stack.subscribeToEvents();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void completedRunCompletesJob() {
        ObjectNode output = MessageCodec.mapper().createObjectNode().put("modelUri", "s3://models/run-1");
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ofMillis(300), Duration.ofMillis(700), output));
        CallbackRecorder callbacks = new CallbackRecorder();

        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, callbacks.onSuccess(), callbacks.onError());

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.calls() > 0);
        JobView job = stack.manager.get(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.result().get("output")).isEqualTo(output);
        assertThat(job.result().get("delayTime").asLong()).isGreaterThanOrEqualTo(250);
        assertThat(job.result().get("executionTime").asLong()).isGreaterThanOrEqualTo(600);
        assertThat(job.runpodStatus()).isEqualTo("COMPLETED");
        assertThat(job.checks()).as("checks while the RunPod job was in flight").isGreaterThanOrEqualTo(2);
        assertThat(job.completedAt()).isAfterOrEqualTo(job.startedAt());
        assertThat(callbacks.successes()).containsExactly(job.result());
        JobEvent event = awaitEvent(jobId);
        assertThat(event.jobStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(event.eventId()).isEqualTo(JobEvent.eventIdOf(jobId, JobStatus.COMPLETED, 1));
        assertThat(event.result()).isEqualTo(job.result());
        assertCallbacksStayAt(callbacks, 1);
    }

    @Test
    void failedRunFailsJob() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.fails(Duration.ofMillis(200), Duration.ofMillis(500), "CUDA out of memory"));
        CallbackRecorder callbacks = new CallbackRecorder();

        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, callbacks.onSuccess(), callbacks.onError());

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.calls() > 0);
        JobView job = stack.manager.get(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).isEqualTo("CUDA out of memory");
        assertThat(job.runpodStatus()).isEqualTo("FAILED");
        assertThat(callbacks.errors()).containsExactly("CUDA out of memory");
        assertThat(awaitEvent(jobId).jobStatus()).isEqualTo(JobStatus.FAILED);
        assertCallbacksStayAt(callbacks, 1);
    }

    @Test
    void redeliveryAfterEndChangesNothing() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(300), MessageCodec.mapper().createObjectNode()));
        CallbackRecorder callbacks = new CallbackRecorder();
        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, callbacks.onSuccess(), callbacks.onError());
        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.calls() > 0);
        awaitEvent(jobId);
        JobView before = stack.manager.get(jobId).orElseThrow();
        int statusCallsBefore = statusCalls(runpodJobId);

        JobMessage duplicate = JobMessage.first(jobId, MonitorTrainingPayload.TYPE, before.payload());
        stack.rabbit.send(stack.topology.workExchange(), MonitorTrainingPayload.TYPE,
                new Message(MessageCodec.write(duplicate), new MessageProperties()));
        String workQueue = stack.topology.workQueue(MonitorTrainingPayload.TYPE);
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.queueDepth(workQueue) == 0);

        assertCallbacksStayAt(callbacks, 1);
        JobView after = stack.manager.get(jobId).orElseThrow();
        assertThat(after).isEqualTo(before);
        assertThat(statusCalls(runpodJobId)).as("RunPod status calls after the duplicate").isEqualTo(statusCallsBefore);
        assertThat(drainEvents(jobId)).as("events after the duplicate").isEmpty();
    }

    @Test
    void stuckRunTimesOut() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT, Scenario.runsForever());
        CallbackRecorder callbacks = new CallbackRecorder();

        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId,
                JobOptions.defaults().withTimeout(Duration.ofSeconds(2)), callbacks.onSuccess(), callbacks.onError());

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.calls() > 0);
        JobView job = stack.manager.get(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).startsWith("Timed out");
        assertThat(Duration.between(job.startedAt(), job.completedAt())).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(callbacks.errors()).containsExactly(job.error());
        assertThat(stack.simulator.requestLog().count("POST", "/v2/" + TestStack.ENDPOINT + "/cancel/" + runpodJobId))
                .as("cancel calls to RunPod").isEqualTo(1);
    }

    @Test
    void lateCallbackFiresOnce() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(200), MessageCodec.mapper().createObjectNode()));
        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> stack.manager.get(jobId).orElseThrow().status() == JobStatus.COMPLETED);
        CallbackRecorder late = new CallbackRecorder();

        stack.manager.onCompletion(jobId, late.onSuccess(), late.onError());

        await().atMost(Duration.ofSeconds(5)).until(() -> late.calls() > 0);
        assertCallbacksStayAt(late, 1);
        assertThat(late.successes()).hasSize(1);
    }

    @Test
    void workerExposesMetricsAndHealth() throws Exception {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(200), MessageCodec.mapper().createObjectNode()));
        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.manager.get(jobId).orElseThrow().status().isTerminal());
        HttpClient http = HttpClient.newHttpClient();

        String metrics = http.send(HttpRequest.newBuilder(stack.workerActuator().resolve("prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(stack.workerActuator().resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics).contains("jobs_finished_total{status=\"completed\",type=\"monitor-training-status\"}");
        assertThat(metrics).contains("jobs_started_total{type=\"monitor-training-status\"}");
        assertThat(metrics).contains("jobs_duration_seconds_count");
        assertThat(metrics).contains("hikaricp_connections_max{pool=\"worker-db\"}");
        assertThat(metrics).contains("hikaricp_connections_max{pool=\"worker-db-groups\"}");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = MessageCodec.mapper().readTree(health.body()).path("components");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("groupDatabase").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("broker").path("status").asString()).isEqualTo("UP");
    }

    private static int statusCalls(String runpodJobId) {
        return stack.simulator.requestLog().count("GET", "/v2/" + TestStack.ENDPOINT + "/status/" + runpodJobId);
    }

    private static void assertCallbacksStayAt(CallbackRecorder callbacks, int expected) {
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(callbacks.calls()).as("callback invocations").isEqualTo(expected);
    }

    private static final List<JobEvent> seenEvents = new ArrayList<>();

    /** Waits for the job's event; events of other tests met on the way are kept for them. */
    private static synchronized JobEvent awaitEvent(UUID jobId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            drainInto(seenEvents);
            return seenEvents.stream().filter(event -> event.jobId().equals(jobId)).findFirst().orElse(null);
        }, event -> event != null);
    }

    private static synchronized List<JobEvent> drainEvents(UUID jobId) {
        seenEvents.removeIf(event -> event.jobId().equals(jobId));
        drainInto(seenEvents);
        return seenEvents.stream().filter(event -> event.jobId().equals(jobId)).toList();
    }

    private static void drainInto(List<JobEvent> sink) {
        while (true) {
            GetResponse response = stack.rabbit.execute(channel -> channel.basicGet(events, true));
            if (response == null) {
                return;
            }
            sink.add(MessageCodec.readEvent(response.getBody()));
        }
    }
}
