package dev.jobs.e2e;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.JobOptions;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.JobClient;
import dev.jobs.producer.service.ProducerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input is rejected with an error naming the field, and nothing is stored or published. No worker runs here. */
class InvalidSubmitTest {

    private static TestStack stack;
    private static ConfigurableApplicationContext service;
    private static URI baseUrl;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = TestStack.withoutWorker();
        Map<String, Object> properties = new HashMap<>(stack.connectionProperties());
        properties.put("server.port", "0");
        service = ProducerApplication.start(properties);
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        baseUrl = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        stack.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type            | train-everything        | {\"runpodJobId\":\"abc\",\"endpointId\":\"e\"} | type",
            "missing runpodJobId     | monitor-training-status | {\"endpointId\":\"e\"}                          | payload.runpodJobId",
            "payload not an object   | monitor-training-status | [1,2,3]                                         | payload",
            "runpodJobId not a string| monitor-training-status | {\"runpodJobId\":42,\"endpointId\":\"e\"}      | payload.runpodJobId",
    })
    void clientRejectsInvalidJob(String name, String type, String payload, String field) {
        JobClient client = stack.manager.client();
        awaitOutboxEmpty();
        long rowsBefore = rowCount();
        long queuedBefore = queued();

        assertThatThrownBy(() -> client.submit(type, MessageCodec.mapper().readTree(payload), JobOptions.defaults()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(field)
                .extracting(e -> ((InvalidJobException) e).field()).isEqualTo(field);

        assertThat(rowCount()).as("job rows").isEqualTo(rowsBefore);
        assertThat(outboxCount()).as("outbox rows").isZero();
        assertThat(queued()).as("queued messages").isEqualTo(queuedBefore);
    }

    @Test
    void clientRejectsTimeoutOutOfRange() {
        JobOptions options = JobOptions.defaults().withTimeout(Duration.ofMillis(5));

        assertThatThrownBy(() -> stack.manager.client().submit(MonitorTrainingPayload.TYPE, validPayload(), options))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("options.timeoutMs is 5")
                .hasMessageContaining("allowed 1000 to");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type          | {\"type\":\"nope\",\"payload\":{}}                                                 | type",
            "missing runpodJobId   | {\"type\":\"monitor-training-status\",\"payload\":{\"endpointId\":\"e\"}}          | payload.runpodJobId",
            "payload not an object | {\"type\":\"monitor-training-status\",\"payload\":\"text\"}                         | payload",
            "negative retries      | {\"type\":\"monitor-training-status\",\"payload\":{\"runpodJobId\":\"a\",\"endpointId\":\"e\"},\"options\":{\"retryAttempts\":-1}} | options.retryAttempts",
            "timeout not a number  | {\"type\":\"monitor-training-status\",\"payload\":{\"runpodJobId\":\"a\",\"endpointId\":\"e\"},\"options\":{\"timeoutMs\":\"soon\"}} | options.timeoutMs",
            "body not JSON         | {type:                                                                                | body",
            "misspelt option       | {\"type\":\"noop\",\"payload\":{},\"options\":{\"timeoutMS\":5}}                 | options.timeoutMS",
            "unknown field         | {\"type\":\"noop\",\"payload\":{},\"opts\":{}}                                   | opts",
    })
    void httpRejectsInvalidJobWithProblemDetails(String name, String body, String field) throws Exception {
        awaitOutboxEmpty();
        long rowsBefore = rowCount();
        long queuedBefore = queued();

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = MessageCodec.mapper().readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo(field);
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(rowCount()).as("job rows").isEqualTo(rowsBefore);
        assertThat(outboxCount()).as("outbox rows").isZero();
        assertThat(queued()).as("queued messages").isEqualTo(queuedBefore);
    }

    @Test
    void retryCountBeyondIntRejected() throws Exception {
        long rowsBefore = rowCount();

        HttpResponse<String> response = post("{\"type\":\"noop\",\"payload\":{},\"options\":{\"retryAttempts\":4294967297}}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = MessageCodec.mapper().readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo("options.retryAttempts");
        assertThat(problem.path("detail").asString()).contains("is 4294967297").contains("allowed 0 to 100");
        assertThat(rowCount()).as("job rows").isEqualTo(rowsBefore);
    }

    @Test
    void oversizedBodyRejectedByLength() throws Exception {
        long rowsBefore = rowCount();

        HttpResponse<String> response = post(bodyWithPayloadOf(3 * 1024 * 1024));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(MessageCodec.mapper().readTree(response.body()).path("detail").asString())
                .contains("larger than 2097152 bytes");
        assertThat(rowCount()).as("job rows").isEqualTo(rowsBefore);
    }

    @Test
    void oversizedChunkedBodyRejected() throws Exception {
        long rowsBefore = rowCount();
        byte[] body = bodyWithPayloadOf(3 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(rowCount()).as("job rows").isEqualTo(rowsBefore);
    }

    @Test
    void deepNestingNamesParserLimit() throws Exception {
        String nested = "[".repeat(2000) + "]".repeat(2000);

        HttpResponse<String> response = post("{\"type\":\"noop\",\"payload\":{\"deep\":" + nested + "}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MessageCodec.mapper().readTree(response.body()).path("detail").asString())
                .contains("limit of the JSON parser");
    }

    private static String bodyWithPayloadOf(int characters) {
        return "{\"type\":\"noop\",\"payload\":{\"blob\":\"" + "x".repeat(characters) + "\"}}";
    }

    @Test
    void httpRejectsNulCharacterInPayload() throws Exception {
        long rowsBefore = rowCount();

        HttpResponse<String> response = post("{\"type\":\"noop\",\"payload\":{\"note\":\"x \\u0000 y\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = MessageCodec.mapper().readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo("payload");
        assertThat(problem.path("detail").asString()).contains("NUL character");
        assertThat(rowCount()).as("job rows").isEqualTo(rowsBefore);
    }

    @Test
    void httpSubmitThenGetReturnsTheJob() throws Exception {
        HttpResponse<String> created = post("{\"type\":\"monitor-training-status\",\"payload\":"
                + "{\"runpodJobId\":\"http-1\",\"endpointId\":\"e\"},\"options\":{\"timeoutMs\":60000}}");
        String id = MessageCodec.mapper().readTree(created.body()).path("id").asString();

        HttpResponse<String> fetched = get("/jobs/" + id);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/jobs/" + id);
        JsonNode job = MessageCodec.mapper().readTree(fetched.body());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(job.path("status").asString()).isEqualTo("pending");
        assertThat(job.path("timeoutMs").asLong()).isEqualTo(60000);
        assertThat(job.path("payload").path("runpodJobId").asString()).isEqualTo("http-1");
    }

    @Test
    void httpGetUnknownJobIsNotFound() throws Exception {
        HttpResponse<String> response = get("/jobs/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"not-a-uuid", "1-1-1-1-1"})
    void httpGetMalformedIdIsBadRequest(String id) throws Exception {
        HttpResponse<String> response = get("/jobs/" + id);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MessageCodec.mapper().readTree(response.body()).path("field").asString()).isEqualTo("id");
    }

    private static HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(baseUrl.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode validPayload() {
        return MessageCodec.mapper().readTree("{\"runpodJobId\":\"valid-1\",\"endpointId\":\"e\"}");
    }

    private static long queued() {
        return stack.queueDepth(stack.topology.workQueue(MonitorTrainingPayload.TYPE));
    }

    private static long rowCount() {
        return count("SELECT count(*) FROM jobs");
    }

    /** Waits until the rows of messages confirmed by earlier tests are deleted, which happens in the background. */
    private static void awaitOutboxEmpty() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> outboxCount() == 0);
    }

    private static long outboxCount() {
        return count("SELECT count(*) FROM job_outbox");
    }

    private static long count(String sql) {
        try (var connection = stack.dataSource.getConnection();
             var statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
