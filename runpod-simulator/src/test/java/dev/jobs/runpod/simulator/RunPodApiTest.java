package dev.jobs.runpod.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobs.runpod.simulator.SimulatorHttp.Response;
import dev.jobs.runpod.simulator.job.JobIdGenerator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Calls the RunPod-compatible endpoints of a simulator started in-process. */
class RunPodApiTest {

    private static final String KEY = "test-key";
    private static final String ENDPOINT = "endpoint-1";
    private static final Duration QUEUE_TIME = Duration.ofMillis(1000);
    private static final Duration RUN_TIME = Duration.ofMillis(800);
    private static final long SEED = 42;

    private RunPodSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void startSimulator() {
        JsonNode output = SimulatorHttp.json("{\"message\":\"done\"}");
        Scenario defaultScenario = Scenario.completes(QUEUE_TIME, RUN_TIME, output);
        simulator = RunPodSimulator.start(
                new SimulatorSettings(0, KEY, defaultScenario, SEED, Duration.ofMinutes(30)));
        http = new SimulatorHttp(simulator.baseUrl(), "Bearer " + KEY);
    }

    @AfterEach
    void stopSimulator() {
        http.close();
        simulator.close();
    }

    @Test
    void jobQueuesRunsThenCompletes() {
        Response run = http.post("/v2/" + ENDPOINT + "/run", "{\"input\": {\"prompt\": \"train\"}}");
        String id = run.body().get("id").stringValue();
        JsonNode queued = http.status(ENDPOINT, id);

        JsonNode running = awaitStatus(id, "IN_PROGRESS");
        JsonNode completed = awaitStatus(id, "COMPLETED");

        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body().get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(queued.get("status").stringValue()).isEqualTo("IN_QUEUE");
        assertThat(queued.has("delayTime")).isFalse();
        assertThat(queued.has("workerId")).isFalse();
        assertThat(running.get("delayTime").longValue()).isEqualTo(QUEUE_TIME.toMillis());
        assertThat(running.has("executionTime")).isFalse();
        assertThat(running.get("workerId").stringValue()).isNotBlank();
        assertThat(completed.get("id").stringValue()).isEqualTo(id);
        assertThat(completed.get("delayTime").longValue()).isEqualTo(QUEUE_TIME.toMillis());
        assertThat(completed.get("executionTime").longValue()).isEqualTo(RUN_TIME.toMillis());
        assertThat(completed.get("output")).isEqualTo(SimulatorHttp.json("{\"message\":\"done\"}"));
        assertThat(completed.get("retries").intValue()).isZero();
        assertThat(completed.has("error")).isFalse();
    }

    @Test
    void failingScenarioReportsError() {
        Scenario failing = Scenario.fails(Duration.ZERO, Duration.ofMillis(200), "CUDA out of memory");
        String id = simulator.createJob(ENDPOINT, failing);

        JsonNode failed = awaitStatus(id, "FAILED");

        assertThat(failed.get("error").stringValue()).isEqualTo("CUDA out of memory");
        assertThat(failed.has("output")).isFalse();
        assertThat(failed.get("executionTime").longValue()).isEqualTo(200);
    }

    @Test
    void cancelStopsRunningJob() {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());
        JsonNode before = http.status(ENDPOINT, id);

        Response cancel = http.post("/v2/" + ENDPOINT + "/cancel/" + id, "");
        JsonNode after = http.status(ENDPOINT, id);
        Response secondCancel = http.post("/v2/" + ENDPOINT + "/cancel/" + id, "");

        assertThat(before.get("status").stringValue()).isEqualTo("IN_PROGRESS");
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().get("id").stringValue()).isEqualTo(id);
        assertThat(cancel.body().get("status").stringValue()).isEqualTo("CANCELLED");
        assertThat(after.get("status").stringValue()).isEqualTo("CANCELLED");
        assertThat(after.has("executionTime")).isTrue();
        assertThat(secondCancel.status()).isEqualTo(200);
        assertThat(secondCancel.body().get("status").stringValue()).isEqualTo("CANCELLED");
    }

    @Test
    void cancelOfEndedJobKeepsStatus() {
        String id = simulator.createJob(ENDPOINT, Scenario.completes(Duration.ZERO, Duration.ZERO, null));

        Response cancel = http.post("/v2/" + ENDPOINT + "/cancel/" + id, "");

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.body().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(http.status(ENDPOINT, id).get("status").stringValue()).isEqualTo("COMPLETED");
    }

    @Test
    void unknownJobIdReturns404() {
        Response status = http.get("/v2/" + ENDPOINT + "/status/no-such-job");
        Response cancel = http.post("/v2/" + ENDPOINT + "/cancel/no-such-job", "");

        assertThat(status.status()).isEqualTo(404);
        assertThat(status.body().get("error").stringValue()).contains("no-such-job");
        assertThat(cancel.status()).isEqualTo(404);
    }

    @Test
    void statusAcceptsPost() {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());

        Response status = http.post("/v2/" + ENDPOINT + "/status/" + id, "");

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().get("status").stringValue()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void missingKeyReturns401() {
        Response response = http.withAuthorization(null).get("/v2/" + ENDPOINT + "/health");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("error").stringValue()).isEqualTo("Unauthorized");
    }

    @Test
    void wrongKeyReturns401() {
        Response bearer = http.withAuthorization("Bearer not-the-key").get("/v2/" + ENDPOINT + "/health");
        Response bare = http.withAuthorization("not-the-key").get("/v2/" + ENDPOINT + "/health");

        assertThat(bearer.status()).isEqualTo(401);
        assertThat(bare.status()).isEqualTo(401);
    }

    @Test
    void bareKeyAccepted() {
        Response response = http.withAuthorization(KEY).get("/v2/" + ENDPOINT + "/health");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void expiredResultReturns404() {
        RunPodSimulator shortRetention = RunPodSimulator.start(
                new SimulatorSettings(0, KEY, Scenario.runsForever(), SEED, Duration.ofMillis(300)));
        try (SimulatorHttp client = new SimulatorHttp(shortRetention.baseUrl(), KEY)) {
            Scenario quick = Scenario.completes(Duration.ZERO, Duration.ofMillis(100), null);
            String id = shortRetention.createJob(ENDPOINT, quick);
            String statusPath = "/v2/" + ENDPOINT + "/status/" + id;

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.get(statusPath).body().path("status").asString(""), "COMPLETED"::equals);
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.get(statusPath).status(), status -> status == 404);

            assertThat(client.get(statusPath).body().get("error").stringValue()).contains(id);
        } finally {
            shortRetention.close();
        }
    }

    @Test
    void simulateInputSetsScenario() {
        String body = """
                {"input": {"prompt": "x", "simulate": {
                    "queueMs": 0, "runMs": 200, "finalStatus": "COMPLETED", "output": {"loss": 0.125}}}}
                """;

        String id = http.post("/v2/" + ENDPOINT + "/run", body).body().get("id").stringValue();
        JsonNode completed = awaitStatus(id, "COMPLETED");

        assertThat(completed.get("output").get("loss").doubleValue()).isEqualTo(0.125);
        assertThat(completed.get("delayTime").longValue()).isZero();
        assertThat(completed.get("executionTime").longValue()).isEqualTo(200);
    }

    @Test
    void simulateInputCanFail() {
        String body = """
                {"input": {"simulate": {"runMs": 0, "queueMs": 0, "finalStatus": "FAILED", "error": "bad data"}}}
                """;

        String id = http.post("/v2/" + ENDPOINT + "/run", body).body().get("id").stringValue();
        JsonNode failed = awaitStatus(id, "FAILED");

        assertThat(failed.get("error").stringValue()).isEqualTo("bad data");
    }

    @Test
    void invalidSimulateReturns400() {
        Response negative = http.post("/v2/" + ENDPOINT + "/run", "{\"input\": {\"simulate\": {\"runMs\": -5}}}");
        Response badStatus = http.post("/v2/" + ENDPOINT + "/run",
                "{\"input\": {\"simulate\": {\"finalStatus\": \"DONE\"}}}");

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().get("error").stringValue()).contains("runMs");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().get("error").stringValue()).contains("DONE");
    }

    @Test
    void executionTimeoutPolicyTimesOut() {
        String body = """
                {"input": {"simulate": {"queueMs": 0, "forever": true}}, "policy": {"executionTimeout": 200}}
                """;

        String id = http.post("/v2/" + ENDPOINT + "/run", body).body().get("id").stringValue();
        JsonNode timedOut = awaitStatus(id, "TIMED_OUT");

        assertThat(timedOut.get("executionTime").longValue()).isEqualTo(200);
    }

    @Test
    void invalidPolicyReturns400() {
        Response response = http.post("/v2/" + ENDPOINT + "/run",
                "{\"input\": {}, \"policy\": {\"executionTimeout\": \"soon\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error").stringValue()).contains("executionTimeout");
    }

    @Test
    void missingInputReturns400() {
        Response noInput = http.post("/v2/" + ENDPOINT + "/run", "{\"prompt\": \"x\"}");
        Response arrayInput = http.post("/v2/" + ENDPOINT + "/run", "{\"input\": [1, 2]}");
        Response notJson = http.post("/v2/" + ENDPOINT + "/run", "{input");

        assertThat(noInput.status()).isEqualTo(400);
        assertThat(noInput.body().get("error").stringValue()).contains("input");
        assertThat(arrayInput.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").stringValue()).contains("not valid JSON");
    }

    @Test
    void sameSeedGivesSameIds() {
        Duration retention = Duration.ofMinutes(1);
        RunPodSimulator twin = RunPodSimulator.start(
                new SimulatorSettings(0, KEY, Scenario.runsForever(), SEED, retention));
        RunPodSimulator other = RunPodSimulator.start(
                new SimulatorSettings(0, KEY, Scenario.runsForever(), SEED + 1, retention));
        try {
            String first = simulator.createJob(ENDPOINT, Scenario.runsForever());
            String second = simulator.createJob(ENDPOINT, Scenario.runsForever());
            String twinFirst = twin.createJob(ENDPOINT, Scenario.runsForever());
            String twinSecond = twin.createJob(ENDPOINT, Scenario.runsForever());
            String otherFirst = other.createJob(ENDPOINT, Scenario.runsForever());

            assertThat(twinFirst).isEqualTo(first);
            assertThat(twinSecond).isEqualTo(second);
            assertThat(second).isNotEqualTo(first);
            assertThat(otherFirst).isNotEqualTo(first);
            assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-u1");
        } finally {
            twin.close();
            other.close();
        }
    }

    @Test
    void scriptForPredictedIdApplies() {
        String predictedId = new JobIdGenerator(SEED).nextJobId();
        simulator.script(predictedId, Scenario.fails(Duration.ZERO, Duration.ZERO, "scripted failure"));

        String id = http.post("/v2/" + ENDPOINT + "/run", "{\"input\": {}}").body().get("id").stringValue();

        assertThat(id).isEqualTo(predictedId);
        assertThat(http.status(ENDPOINT, id).get("error").stringValue()).isEqualTo("scripted failure");
    }

    @Test
    void healthCountsJobs() {
        simulator.createJob(ENDPOINT, Scenario.runsForever());
        simulator.createJob(ENDPOINT, Scenario.completes(Duration.ofMinutes(1), Duration.ZERO, null));
        simulator.createJob(ENDPOINT, Scenario.completes(Duration.ZERO, Duration.ZERO, null));

        JsonNode health = http.get("/v2/" + ENDPOINT + "/health").body();

        assertThat(health.at("/jobs/inProgress").intValue()).isEqualTo(1);
        assertThat(health.at("/jobs/inQueue").intValue()).isEqualTo(1);
        assertThat(health.at("/jobs/completed").intValue()).isEqualTo(1);
        assertThat(health.at("/jobs/failed").intValue()).isZero();
        assertThat(health.at("/jobs/retried").intValue()).isZero();
        assertThat(health.at("/workers/running").intValue()).isEqualTo(1);
        assertThat(health.at("/workers/idle").isIntegralNumber()).isTrue();
    }

    @Test
    void unknownPathReturns404() {
        Response outside = http.get("/v1/anything");
        Response inside = http.get("/v2/" + ENDPOINT + "/unknown");

        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.body().get("error").stringValue()).contains("/v1/anything");
        assertThat(inside.status()).isEqualTo(404);
    }

    @Test
    void wrongMethodReturns405() {
        Response getRun = http.get("/v2/" + ENDPOINT + "/run");
        Response deleteStatus = http.delete("/v2/" + ENDPOINT + "/status/some-id");

        assertThat(getRun.status()).isEqualTo(405);
        assertThat(getRun.body().get("error").stringValue()).contains("POST");
        assertThat(deleteStatus.status()).isEqualTo(405);
    }

    private JsonNode awaitStatus(String id, String expectedStatus) {
        return await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(25))
                .until(() -> http.status(ENDPOINT, id),
                        node -> expectedStatus.equals(node.get("status").stringValue()));
    }
}
