package dev.jobs.worker.runpod;

import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.fault.Fault;
import dev.jobs.worker.handler.HandlerOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the status and HTTP mapping, over real HTTP against the simulator. */
class RunPodStatusMappingTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MonitorHarness harness;

    private MonitorHarness start(UnaryOperator<RunPodSettings> customize) {
        harness = new MonitorHarness(customize);
        return harness;
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void inQueueChecksAgain() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(new Scenario(Duration.ofHours(1), null, null, null, null));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
        assertThat(outcome.runpodStatus()).isEqualTo("IN_QUEUE");
    }

    @Test
    void inProgressOutputBecomesProgress() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever().withProgress(
                List.of(new Scenario.ProgressUpdate(Duration.ZERO, JSON.objectNode().put("epoch", 3)))));

        HandlerOutcome.CheckAgain outcome = (HandlerOutcome.CheckAgain) h.check(id);

        assertThat(outcome.runpodStatus()).isEqualTo("IN_PROGRESS");
        assertThat(outcome.progress().get("epoch").intValue()).isEqualTo(3);
    }

    @Test
    void runningIsInFlight() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever());
        h.simulator.injectFaults(id, Fault.reportStatus("RUNNING", 1));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
        assertThat(outcome.runpodStatus()).isEqualTo("RUNNING");
    }

    @Test
    void unknownStatusIsInFlight() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever());
        h.simulator.injectFaults(id, Fault.reportStatus("WARMING_UP", 2));

        HandlerOutcome first = h.check(id);
        HandlerOutcome second = h.check(id);

        assertThat(first).isInstanceOf(HandlerOutcome.CheckAgain.class);
        assertThat(second).isInstanceOf(HandlerOutcome.CheckAgain.class);
        assertThat(second.runpodStatus()).isEqualTo("WARMING_UP");
    }

    @Test
    void completedKeepsOutputAndTimings() {
        MonitorHarness h = start(s -> s);
        JsonNode output = JSON.objectNode().put("loss", 0.12);
        String id = h.createJob(Scenario.completes(Duration.ZERO, Duration.ZERO, output));

        HandlerOutcome.Complete outcome = (HandlerOutcome.Complete) h.check(id);

        assertThat(outcome.result().get("output")).isEqualTo(output);
        assertThat(outcome.result().get("delayTime").isNumber()).isTrue();
        assertThat(outcome.result().get("executionTime").longValue()).isZero();
        assertThat(outcome.result().get("gpuSeconds").doubleValue()).isZero();
        assertThat(outcome.result().has("outputMissing")).isFalse();
    }

    @Test
    void completedWithoutOutputIsMarked() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.completes(Duration.ZERO, Duration.ZERO, null));

        HandlerOutcome.Complete outcome = (HandlerOutcome.Complete) h.check(id);

        assertThat(outcome.result().get("outputMissing").booleanValue()).isTrue();
        assertThat(outcome.result().get("output").isNull()).isTrue();
    }

    @Test
    void completedWithoutOutputFailsWhenConfigured() {
        MonitorHarness h = start(s -> s.withFailOnMissingOutput(true));
        String id = h.createJob(Scenario.completes(Duration.ZERO, Duration.ZERO, null));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.Fail.class);
        assertThat(((HandlerOutcome.Fail) outcome).error()).contains("without output");
    }

    @Test
    void failedKeepsErrorTextWhole() {
        MonitorHarness h = start(s -> s);
        String error = "{\"error_type\": \"CUDA OOM\", \"error_message\": \"tried to allocate 2 GiB\"}";
        String id = h.createJob(Scenario.fails(Duration.ZERO, Duration.ZERO, error));

        HandlerOutcome.Fail outcome = (HandlerOutcome.Fail) h.check(id);

        assertThat(outcome.error()).isEqualTo(error);
        assertThat(outcome.runpodStatus()).isEqualTo("FAILED");
    }

    @Test
    void cancelledCancels() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(new Scenario(Duration.ZERO, Duration.ZERO, "CANCELLED", null, null));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.Cancel.class);
        assertThat(outcome.runpodStatus()).isEqualTo("CANCELLED");
    }

    @Test
    void timedOutFailsWithTimeoutError() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(new Scenario(Duration.ZERO, Duration.ZERO, "TIMED_OUT", null, null));

        HandlerOutcome.Fail outcome = (HandlerOutcome.Fail) h.check(id);

        assertThat(outcome.error()).contains("timed the job out");
        assertThat(outcome.runpodStatus()).isEqualTo("TIMED_OUT");
    }

    @Test
    void notFoundAfterSeenFails() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever());
        h.check(id);
        h.simulator.deleteJob(id);

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.Fail.class);
        assertThat(((HandlerOutcome.Fail) outcome).error())
                .startsWith("RunPod no longer knows this job (result expired or ttl passed)");
    }

    @Test
    void notFoundWithinGraceChecksAgain() {
        MonitorHarness h = start(s -> s);

        HandlerOutcome outcome = h.check("not-created-yet");

        assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
        assertThat(outcome.runpodStatus()).isNull();
    }

    @Test
    void notFoundAfterGraceFails() {
        MonitorHarness h = start(s -> s);
        h.startedAt = Instant.now().minus(Duration.ofMinutes(5));

        HandlerOutcome outcome = h.check("never-existed");

        assertThat(outcome).isInstanceOf(HandlerOutcome.Fail.class);
        assertThat(((HandlerOutcome.Fail) outcome).error()).contains("check payload.runpodJobId");
    }

    @Test
    void rejectedKeyFailsWithoutEchoingKey() {
        String wrongKey = "rpa_wrong_key_12345";
        MonitorHarness h = start(s -> new RunPodSettings(wrongKey, s.baseUrl(), s.requestTimeout()));
        String id = h.createJob(Scenario.runsForever());

        HandlerOutcome.Fail outcome = (HandlerOutcome.Fail) h.check(id);

        assertThat(outcome.error()).contains("RUNPOD_API_KEY");
        assertThat(outcome.error()).doesNotContain(wrongKey);
    }

    @Test
    void serverErrorsCheckAgain() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever());
        h.simulator.injectFaults(id, Fault.httpError(502, 3));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
        assertThat(outcome.runpodStatus()).isNull();
    }

    @Test
    void singleServerErrorIsRetriedInCall() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever());
        h.simulator.injectFaults(id, Fault.httpError(503, 1));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome.runpodStatus()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void droppedConnectionsCheckAgain() {
        MonitorHarness h = start(s -> s);
        String id = h.createJob(Scenario.runsForever());
        h.simulator.injectFaults(id, Fault.drop(3));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
    }

    @Test
    void slowAnswersCheckAgain() {
        MonitorHarness h = start(s -> new RunPodSettings(s.apiKey(), s.baseUrl(), Duration.ofMillis(200))
                .withPolling(s.pollMin(), s.pollMax()));
        String id = h.createJob(Scenario.runsForever());
        h.simulator.injectFaults(id, Fault.slow(Duration.ofMillis(600), 3));

        HandlerOutcome outcome = h.check(id);

        assertThat(outcome).isInstanceOf(HandlerOutcome.CheckAgain.class);
    }
}
