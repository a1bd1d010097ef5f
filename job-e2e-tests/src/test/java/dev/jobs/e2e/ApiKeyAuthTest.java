package dev.jobs.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.jobs.e2e.ProducerService.json;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code JOB_API_KEYS} set, the job and queue paths need a key; health and the OpenAPI document do not. */
class ApiKeyAuthTest {

    private static final String KEY = "first-key-0123456789";
    private static final String OTHER_KEY = "second-key-9876543210";

    private static TestStack stack;
    private static ProducerService service;

    @BeforeAll
    static void start() {
        stack = TestStack.withoutWorker();
        service = new ProducerService(stack, Map.of("JOB_API_KEYS", KEY + ", " + OTHER_KEY));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        stack.close();
    }

    @Test
    void requestWithoutKeyIsUnauthorized() {
        service.withApiKey(null);

        for (String path : new String[] {"/jobs", "/queues", "/jobs/00000000-0000-0000-0000-000000000000"}) {
            HttpResponse<String> response = service.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).path("status").asInt()).as(path).isEqualTo(401);
        }
        assertThat(service.post("/jobs", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void wrongKeyIsUnauthorized() {
        service.withApiKey("first-key-0123456788");

        assertThat(service.get("/jobs").statusCode()).isEqualTo(401);
    }

    @Test
    void bearerKeyIsAccepted() {
        service.withApiKey(OTHER_KEY);

        assertThat(service.get("/jobs").statusCode()).isEqualTo(200);
        assertThat(service.get("/queues").statusCode()).isEqualTo(200);
        assertThat(service.submitMonitor("auth-1")).isNotBlank();
    }

    @Test
    void apiKeyHeaderIsAccepted() {
        service.withApiKey(null);

        HttpResponse<String> response = service.send(service.request("/jobs").header("X-API-Key", KEY).GET());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void healthAndOpenApiStayOpen() {
        service.withApiKey(null);

        assertThat(service.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(service.get("/openapi.json").statusCode()).isEqualTo(200);
    }
}
