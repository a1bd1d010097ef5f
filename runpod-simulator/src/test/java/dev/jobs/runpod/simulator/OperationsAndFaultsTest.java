package dev.jobs.runpod.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.runpod.simulator.SimulatorHttp.Response;
import dev.jobs.runpod.simulator.fault.Fault;
import dev.jobs.runpod.simulator.fault.RateLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Calls the operations added after run, status and cancel, and the injected faults and rate limits. */
class OperationsAndFaultsTest {

    private static final String ENDPOINT = "ep";

    private RunPodSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void startSimulator() {
        RateLimits limits = new RateLimits(1000, 2000, 5, 100, 2, Duration.ofSeconds(10), 7);
        simulator = RunPodSimulator.start(SimulatorSettings.defaults().withRateLimits(limits));
        http = new SimulatorHttp(simulator.baseUrl(), "Bearer " + SimulatorSettings.DEFAULT_API_KEY);
    }

    @AfterEach
    void stopSimulator() {
        http.close();
        simulator.close();
    }

    @Test
    void runsyncReturnsResultOfQuickJob() {
        String body = """
                {"input": {"simulate": {"queueMs": 0, "runMs": 100, "output": {"answer": 42}}}}""";

        Response response = http.post("/v2/ep/runsync?wait=5000", body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(response.body().get("output").get("answer").intValue()).isEqualTo(42);
        assertThat(response.body().has("executionTime")).isTrue();
    }

    @Test
    void runsyncReturnsIdWhenWaitEnds() {
        Response response = http.post("/v2/ep/runsync?wait=1000", "{\"input\": {\"simulate\": {\"queueMs\": 0, \"forever\": true}}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("status").stringValue()).isEqualTo("IN_PROGRESS");
        assertThat(response.body().get("id").stringValue()).isNotBlank();
    }

    @Test
    void runsyncRejectsWaitOutOfRange() {
        Response response = http.post("/v2/ep/runsync?wait=999", "{\"input\": {}}");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void statusReportsLatestProgressWhileInProgress() {
        Scenario scenario = Scenario.runsForever().withProgress(List.of(
                new Scenario.ProgressUpdate(Duration.ZERO, text("epoch 1/3")),
                new Scenario.ProgressUpdate(Duration.ofHours(1), text("epoch 2/3"))));
        String id = simulator.createJob(ENDPOINT, scenario);

        JsonNode status = http.status(ENDPOINT, id);

        assertThat(status.get("status").stringValue()).isEqualTo("IN_PROGRESS");
        assertThat(status.get("output").stringValue()).isEqualTo("epoch 1/3");
    }

    @Test
    void streamSendsEachChunkOnce() {
        Scenario scenario = Scenario.completes(Duration.ZERO, Duration.ZERO, text("final"))
                .withProgress(List.of(new Scenario.ProgressUpdate(Duration.ZERO, text("half"))));
        String id = simulator.createJob(ENDPOINT, scenario);

        Response first = http.get("/v2/ep/stream/" + id);
        Response second = http.get("/v2/ep/stream/" + id);

        assertThat(first.body().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(first.body().get("stream")).extracting(chunk -> chunk.get("output").stringValue())
                .containsExactly("half", "final");
        assertThat(second.body().get("stream")).isEmpty();
    }

    @Test
    void retryRequeuesFailedJobOnly() {
        String failed = simulator.createJob(ENDPOINT, Scenario.fails(Duration.ZERO, Duration.ZERO, "oom"));
        String running = simulator.createJob(ENDPOINT, Scenario.runsForever());

        Response retried = http.post("/v2/ep/retry/" + failed, "");
        Response refused = http.post("/v2/ep/retry/" + running, "");

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("status").stringValue()).isIn("IN_QUEUE", "IN_PROGRESS", "FAILED");
        assertThat(refused.status()).isEqualTo(400);
    }

    @Test
    void purgeQueueRemovesQueuedJobsOnly() {
        String queued = simulator.createJob(ENDPOINT, new Scenario(Duration.ofHours(1), null, null, null, null));
        String running = simulator.createJob(ENDPOINT, Scenario.runsForever());

        Response purged = http.post("/v2/ep/purge-queue", "");

        assertThat(purged.body().get("removed").intValue()).isEqualTo(1);
        assertThat(http.get("/v2/ep/status/" + queued).status()).isEqualTo(404);
        assertThat(http.get("/v2/ep/status/" + running).status()).isEqualTo(200);
    }

    @Test
    void statusOverLimitAnswers429WithRetryAfter() throws Exception {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());
        for (int i = 0; i < 5; i++) {
            http.get("/v2/ep/status/" + id);
        }

        HttpResponse<String> over = rawGet("/v2/ep/status/" + id);

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void httpErrorFaultAnswersHtml() throws Exception {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());
        simulator.injectFaults(id, Fault.httpError(502, 1));

        HttpResponse<String> faulted = rawGet("/v2/ep/status/" + id);
        HttpResponse<String> normal = rawGet("/v2/ep/status/" + id);

        assertThat(faulted.statusCode()).isEqualTo(502);
        assertThat(faulted.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(faulted.body()).contains("<html>");
        assertThat(normal.statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitFaultAnswers429ThenNormal() throws Exception {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());
        simulator.injectFaults(id, Fault.rateLimited(2, 2));

        int first = rawGet("/v2/ep/status/" + id).statusCode();
        int second = rawGet("/v2/ep/status/" + id).statusCode();
        int third = rawGet("/v2/ep/status/" + id).statusCode();

        assertThat(List.of(first, second, third)).containsExactly(429, 429, 200);
    }

    @Test
    void dropFaultEndsConnectionMidAnswer() {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());
        simulator.injectFaults(id, Fault.drop(1));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> rawGet("/v2/ep/status/" + id));

        assertThat(thrown).isInstanceOf(IOException.class);
    }

    @Test
    void statusFaultReportsGivenStatus() {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());
        simulator.injectFaults(id, Fault.reportStatus("RUNNING", 1));

        JsonNode status = http.status(ENDPOINT, id);

        assertThat(status.get("status").stringValue()).isEqualTo("RUNNING");
    }

    @Test
    void stormFailsEveryStatusUntilItEnds() throws Exception {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());

        simulator.storm(Duration.ofMillis(300), 503);
        int during = rawGet("/v2/ep/status/" + id).statusCode();
        Thread.sleep(400);
        int after = rawGet("/v2/ep/status/" + id).statusCode();

        assertThat(during).isEqualTo(503);
        assertThat(after).isEqualTo(200);
    }

    @Test
    void deletedJobAnswers404() {
        String id = simulator.createJob(ENDPOINT, Scenario.runsForever());

        Response deleted = http.delete("/_simulator/jobs/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(http.get("/v2/ep/status/" + id).status()).isEqualTo(404);
    }

    @Test
    void controlApiScriptsFaultsAndTtl() throws Exception {
        Response created = http.post("/_simulator/jobs", """
                {"endpointId": "ep", "ttlMs": 200, "scenario": {"forever": true},
                 "faults": [{"kind": "status", "status": "WARMING_UP"}]}""");
        String id = created.body().get("id").stringValue();

        JsonNode first = http.status(ENDPOINT, id);
        Thread.sleep(300);
        int afterTtl = http.get("/v2/ep/status/" + id).status();

        assertThat(first.get("status").stringValue()).isEqualTo("WARMING_UP");
        assertThat(afterTtl).isEqualTo(404);
    }

    private HttpResponse<String> rawGet(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                    .header("Authorization", SimulatorSettings.DEFAULT_API_KEY)
                    .timeout(Duration.ofSeconds(5))
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.stringNode(value);
    }
}
