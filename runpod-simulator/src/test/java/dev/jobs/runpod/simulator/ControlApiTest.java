package dev.jobs.runpod.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobs.runpod.simulator.SimulatorHttp.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Calls the {@code /_simulator} control API and the Java client for it. */
class ControlApiTest {

    private static final String KEY = "control-test-key";
    private static final String ENDPOINT = "endpoint-2";

    private RunPodSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void startSimulator() {
        simulator = RunPodSimulator.start(new SimulatorSettings(
                0, KEY, SimulatorSettings.defaults().defaultScenario(), 42, Duration.ofMinutes(30)));
        http = new SimulatorHttp(simulator.baseUrl(), null);
    }

    @AfterEach
    void stopSimulator() {
        http.close();
        simulator.close();
    }

    @Test
    void baseUrlHasNoTrailingSlash() {
        assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
        assertThat(simulator.port()).isPositive();
    }

    @Test
    void healthNeedsNoKey() {
        Response health = http.get("/_simulator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void createJobUsesGivenIdAndScenario() {
        String body = """
                {"endpointId": "endpoint-2", "id": "my-job",
                 "scenario": {"queueMs": 0, "runMs": 0, "finalStatus": "FAILED", "error": "bad weights"}}
                """;

        Response created = http.post("/_simulator/jobs", body);
        JsonNode status = http.withAuthorization(KEY).status(ENDPOINT, "my-job");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().get("id").stringValue()).isEqualTo("my-job");
        assertThat(status.get("status").stringValue()).isEqualTo("FAILED");
        assertThat(status.get("error").stringValue()).isEqualTo("bad weights");
    }

    @Test
    void createJobWithForeverScenarioKeepsRunning() {
        String body = "{\"endpointId\": \"endpoint-2\", \"scenario\": {\"forever\": true, \"queueMs\": 0}}";

        String id = http.post("/_simulator/jobs", body).body().get("id").stringValue();

        assertThat(http.withAuthorization(KEY).status(ENDPOINT, id).get("status").stringValue())
                .isEqualTo("IN_PROGRESS");
    }

    @Test
    void duplicateJobIdReturns409() {
        String body = "{\"endpointId\": \"endpoint-2\", \"id\": \"same-id\"}";
        http.post("/_simulator/jobs", body);

        Response duplicate = http.post("/_simulator/jobs", body);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("error").stringValue()).contains("same-id");
    }

    @Test
    void createJobWithoutEndpointReturns400() {
        Response response = http.post("/_simulator/jobs", "{\"scenario\": {\"queueMs\": 0}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error").stringValue()).contains("endpointId");
    }

    @Test
    void requestLogRecordsEachRequest() {
        http.get("/v2/" + ENDPOINT + "/health?verbose=true");
        http.withAuthorization(KEY).get("/v2/" + ENDPOINT + "/status/missing");

        Response listed = http.get("/_simulator/requests");

        assertThat(simulator.requestLog().entries())
                .extracting(RequestLog.Entry::method, RequestLog.Entry::path, RequestLog.Entry::status)
                .startsWith(
                        tuple("GET", "/v2/" + ENDPOINT + "/health", 401),
                        tuple("GET", "/v2/" + ENDPOINT + "/status/missing", 404));
        assertThat(simulator.requestLog().count("GET", "/v2/")).isEqualTo(2);
        assertThat(simulator.requestLog().count("POST", "/v2/")).isZero();
        assertThat(listed.body().isArray()).isTrue();
        assertThat(listed.body()).hasSize(2);
        assertThat(listed.body().get(1).get("status").intValue()).isEqualTo(404);
        assertThat(listed.body().get(1).get("time").stringValue()).isNotBlank();
    }

    @Test
    void requestLogClearEmptiesLog() {
        http.get("/_simulator/health");

        simulator.requestLog().clear();

        assertThat(simulator.requestLog().entries()).isEmpty();
    }

    @Test
    void simulatorControlCreatesScriptedJob() {
        SimulatorControl control = new SimulatorControl(simulator.baseUrl());

        String id = control.createJob(ENDPOINT, Scenario.fails(Duration.ZERO, Duration.ZERO, "disk full"));
        JsonNode status = http.withAuthorization(KEY).status(ENDPOINT, id);

        assertThat(status.get("status").stringValue()).isEqualTo("FAILED");
        assertThat(status.get("error").stringValue()).isEqualTo("disk full");
    }

    @Test
    void simulatorControlSendsEndlessScenario() {
        SimulatorControl control = new SimulatorControl(simulator.baseUrl() + "/");

        String id = control.createJob(ENDPOINT, Scenario.runsForever());

        assertThat(http.withAuthorization(KEY).status(ENDPOINT, id).get("status").stringValue())
                .isEqualTo("IN_PROGRESS");
    }

    @Test
    void simulatorControlReportsUnreachableServer() {
        RunPodSimulator stopped = RunPodSimulator.start(SimulatorSettings.defaults());
        String stoppedUrl = stopped.baseUrl();
        stopped.close();
        SimulatorControl control = new SimulatorControl(stoppedUrl);

        assertThatThrownBy(() -> control.createJob(ENDPOINT, Scenario.runsForever()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(stoppedUrl);
    }

    @Test
    void simulatorControlReportsRejectedJob() {
        SimulatorControl control = new SimulatorControl(simulator.baseUrl());

        assertThatThrownBy(() -> control.createJob("bad/endpoint", Scenario.runsForever()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("endpointId");
    }
}
