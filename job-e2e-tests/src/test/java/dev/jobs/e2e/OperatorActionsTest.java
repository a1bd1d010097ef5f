package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.JobStateException;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Cancel, retry and scheduled start, through the Java client against a running worker. */
class OperatorActionsTest {

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = new TestStack(TestStack.Options.withTestHandlers());
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void cancelledRunningJobEndsCancelledWithErrorCallback() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT, Scenario.runsForever());
        CallbackRecorder callbacks = new CallbackRecorder();
        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, callbacks.onSuccess(), callbacks.onError());
        await().atMost(Duration.ofSeconds(10)).until(() -> view(jobId).checks() >= 1);

        JobView cancelled = stack.manager.client().cancel(jobId, "no longer needed").orElseThrow();

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("no longer needed");
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.calls() > 0);
        assertThat(callbacks.errors()).containsExactly("no longer needed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stack.simulator.requestLog().count("POST", "/v2/" + TestStack.ENDPOINT + "/cancel/" + runpodJobId) > 0);
    }

    @Test
    void submitAllRunsEveryJobOnce() {
        java.util.List<JsonNode> payloads = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> json("{\"n\":" + i + "}")).toList();

        java.util.List<dev.jobs.producer.client.SubmitResult> submitted =
                stack.manager.client().submitAll(TestHandlers.NO_OP, payloads, JobOptions.defaults());

        assertThat(submitted).hasSize(20);
        assertThat(submitted).allSatisfy(result -> {
            assertThat(result.created()).isTrue();
            assertThat(result.published()).isTrue();
        });
        for (int i = 0; i < submitted.size(); i++) {
            UUID jobId = submitted.get(i).job().id();
            await().atMost(Duration.ofSeconds(10)).until(() -> view(jobId).status() == JobStatus.COMPLETED);
            assertThat(view(jobId).result()).isEqualTo(payloads.get(i));
        }
    }

    @Test
    void submitAllRejectsSharedIdempotencyKey() {
        assertThatThrownBy(() -> stack.manager.client().submitAll(TestHandlers.NO_OP, java.util.List.of(json("{}")),
                JobOptions.defaults().withIdempotencyKey("batch-key")))
                .isInstanceOf(dev.jobs.api.InvalidJobException.class)
                .hasMessageContaining("idempotency key");
    }

    @Test
    void cancelOfFinishedJobChangesNothing() {
        UUID jobId = stack.manager.client().submit(TestHandlers.NO_OP, json("{\"n\":1}"), JobOptions.defaults()).job().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> view(jobId).status() == JobStatus.COMPLETED);

        JobView after = stack.manager.client().cancel(jobId, "too late").orElseThrow();

        assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(after.error()).isNull();
    }

    @Test
    void retriedFailedJobRunsAgainKeepingHistory() {
        String failing = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.fails(Duration.ZERO, Duration.ofMillis(200), "disk full"));
        UUID jobId = stack.modelClient.monitorTrainingJob(failing, result -> { }, error -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> view(jobId).status() == JobStatus.FAILED);
        stack.simulator.script(failing, Scenario.completes(Duration.ZERO, Duration.ofMillis(200), json("{\"second\":true}")));
        CallbackRecorder callbacks = new CallbackRecorder();

        JobView retried = stack.manager.client().retry(jobId).orElseThrow();
        stack.manager.onCompletion(jobId, callbacks.onSuccess(), callbacks.onError());

        assertThat(retried.run()).isEqualTo(2);
        assertThat(retried.status()).isIn(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.COMPLETED);
        JobView done = await().atMost(Duration.ofSeconds(15)).until(() -> view(jobId), job -> job.status().isTerminal());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.result().get("output").get("second").asBoolean()).isTrue();
        assertThat(done.attemptErrors().toString()).contains("disk full");
        await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.calls() > 0);
        assertThat(callbacks.successes()).hasSize(1);
    }

    @Test
    void retryOfCompletedJobIsRejected() {
        UUID jobId = stack.manager.client().submit(TestHandlers.NO_OP, json("{}"), JobOptions.defaults()).job().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> view(jobId).status() == JobStatus.COMPLETED);

        assertThatThrownBy(() -> stack.manager.client().retry(jobId))
                .isInstanceOf(JobStateException.class)
                .hasMessageContaining("is completed")
                .hasMessageContaining("only failed or cancelled jobs can be retried");
    }

    @Test
    void scheduledJobStaysPendingUntilItsTime() {
        Instant runAt = Instant.now().plusSeconds(3);

        UUID jobId = stack.manager.client().submit(TestHandlers.NO_OP, json("{}"), JobOptions.defaults().withRunAt(runAt))
                .job().id();

        assertThat(view(jobId).status()).isEqualTo(JobStatus.PENDING);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(view(jobId).status()).as("status one second before its start").isEqualTo(JobStatus.PENDING);
        JobView done = await().atMost(Duration.ofSeconds(10)).until(() -> view(jobId), job -> job.status().isTerminal());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.startedAt()).isAfterOrEqualTo(runAt);
    }

    @Test
    void scheduledJobTooFarAheadIsRejected() {
        JobOptions options = JobOptions.defaults().withRunAt(Instant.now().plus(Duration.ofDays(60)));

        assertThatThrownBy(() -> stack.manager.client().submit(MonitorTrainingPayload.TYPE,
                json("{\"runpodJobId\":\"a\",\"endpointId\":\"e\"}"), options))
                .hasMessageContaining("options.runAt")
                .hasMessageContaining("at most 45 days ahead");
    }

    @Test
    void scheduledJobBefore1970IsRejectedInBatch() {
        JobOptions options = JobOptions.defaults().withRunAt(Instant.parse("-0001-06-01T00:00:00Z"));

        assertThatThrownBy(() -> stack.manager.client().submitAll(MonitorTrainingPayload.TYPE,
                java.util.List.of(json("{\"runpodJobId\":\"a\",\"endpointId\":\"e\"}")), options))
                .hasMessageContaining("options.runAt")
                .hasMessageContaining("1970-01-01T00:00:00Z or later");
    }

    private static JobView view(UUID jobId) {
        return stack.manager.get(jobId).orElseThrow();
    }

    private static JsonNode json(String text) {
        return MessageCodec.mapper().readTree(text);
    }
}
