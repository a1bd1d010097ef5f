package dev.jobs.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.jobs.e2e.ProducerService.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing, cancel, retry and the timeline over HTTP. No worker runs, so submitted jobs stay pending. */
class JobApiTest {

    private static TestStack stack;
    private static ProducerService service;

    @BeforeAll
    static void start() {
        stack = TestStack.withoutWorker();
        service = new ProducerService(stack, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        stack.close();
    }

    @Test
    void listPagesWithoutDuplicatesOrGaps() {
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            submitted.add(service.submitMonitor("page-" + i));
        }

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String query = "/jobs?limit=3&status=pending" + (next == null ? "" : "&after=" + encode(next));
            HttpResponse<String> response = service.get(query);
            assertThat(response.statusCode()).as("page %d", pages).isEqualTo(200);
            JsonNode page = json(response);
            page.path("items").forEach(item -> seen.add(item.path("id").asString()));
            next = page.path("next").isNull() ? null : page.path("next").asString();
            pages++;
        } while (next != null && pages < 20);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(submitted);
        assertThat(next).as("cursor after the last page").isNull();
    }

    @Test
    void listFiltersByTypeAndCreationTime() {
        String id = service.submitMonitor("filter-1");
        String createdAt = json(service.get("/jobs/" + id)).path("createdAt").asString();

        JsonNode byType = json(service.get("/jobs?type=monitor-training-status&limit=500"));
        JsonNode otherType = json(service.get("/jobs?type=no-such-type"));
        JsonNode after = json(service.get("/jobs?createdAfter=" + encode(createdAt)));

        assertThat(ids(byType)).contains(id);
        assertThat(ids(otherType)).isEmpty();
        assertThat(ids(after)).as("createdAfter is exclusive").doesNotContain(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "limit zero         | limit=0                   | limit",
            "limit too large    | limit=501                 | limit",
            "limit not a number | limit=ten                 | limit",
            "unknown status     | status=done               | status",
            "bad createdAfter   | createdAfter=yesterday    | createdAfter",
            "bad createdBefore  | createdBefore=2030-13-01  | createdBefore",
            "bad cursor         | after=%21%21              | after",
            "unknown parameter  | stauts=pending            | stauts",
    })
    void listRejectsBadParameterNamingIt(String name, String query, String parameter) {
        HttpResponse<String> response = service.get("/jobs?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("field").asString()).isEqualTo(parameter);
        assertThat(json(response).path("detail").asString()).contains(parameter);
    }

    @Test
    void cancelPendingJobThenCancelAgainConflicts() {
        String id = service.submitMonitor("cancel-1");

        HttpResponse<String> cancelled = service.post("/jobs/" + id + "/cancel", "{\"reason\":\"operator test\"}");
        HttpResponse<String> again = service.postEmpty("/jobs/" + id + "/cancel");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).path("status").asString()).isEqualTo("cancelled");
        assertThat(json(cancelled).path("error").asString()).isEqualTo("operator test");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("jobStatus").asString()).isEqualTo("cancelled");
        assertThat(json(again).path("jobId").asString()).isEqualTo(id);
    }

    @Test
    void cancelWithoutBodyUsesDefaultReason() {
        String id = service.submitMonitor("cancel-2");

        HttpResponse<String> cancelled = service.postEmpty("/jobs/" + id + "/cancel");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).path("error").asString()).isEqualTo("Cancelled through the API");
    }

    @Test
    void cancelRejectsNonStringReason() {
        String id = service.submitMonitor("cancel-3");

        HttpResponse<String> response = service.post("/jobs/" + id + "/cancel", "{\"reason\":42}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("field").asString()).isEqualTo("reason");
        assertThat(json(service.get("/jobs/" + id)).path("status").asString()).isEqualTo("pending");
    }

    @Test
    void cancelRejectsUnknownField() {
        String id = service.submitMonitor("cancel-4");

        HttpResponse<String> response = service.post("/jobs/" + id + "/cancel", "{\"reasn\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("field").asString()).isEqualTo("reasn");
        assertThat(json(response).path("detail").asString()).contains("Unknown field 'reasn'");
        assertThat(json(service.get("/jobs/" + id)).path("status").asString()).isEqualTo("pending");
    }

    @Test
    void retryCancelledJobStartsNextRun() {
        String id = service.submitMonitor("retry-1");
        service.postEmpty("/jobs/" + id + "/cancel");

        HttpResponse<String> retried = service.postEmpty("/jobs/" + id + "/retry");

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(json(retried).path("status").asString()).isEqualTo("pending");
        assertThat(json(retried).path("run").asInt()).isEqualTo(2);
        JsonNode timeline = json(service.get("/jobs/" + id)).path("timeline");
        List<String> events = new ArrayList<>();
        timeline.forEach(entry -> events.add(entry.path("event").asString()));
        assertThat(events).containsExactly("created", "run-ended");
        assertThat(timeline.get(1).path("detail").asString()).contains("Run 1 ended cancelled");
    }

    @Test
    void retryPendingJobConflicts() {
        String id = service.submitMonitor("retry-2");

        HttpResponse<String> response = service.postEmpty("/jobs/" + id + "/retry");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).path("jobStatus").asString()).isEqualTo("pending");
        assertThat(json(response).path("detail").asString()).contains("only failed or cancelled jobs can be retried");
    }

    @Test
    void actionsOnUnknownJobAreNotFound() {
        String unknown = UUID.randomUUID().toString();

        assertThat(service.postEmpty("/jobs/" + unknown + "/cancel").statusCode()).isEqualTo(404);
        assertThat(service.postEmpty("/jobs/" + unknown + "/retry").statusCode()).isEqualTo(404);
        assertThat(service.get("/jobs/" + unknown).statusCode()).isEqualTo(404);
    }

    @Test
    void actionsOnMalformedIdAreBadRequest() {
        HttpResponse<String> cancel = service.postEmpty("/jobs/nope/cancel");
        HttpResponse<String> retry = service.postEmpty("/jobs/nope/retry");

        assertThat(cancel.statusCode()).isEqualTo(400);
        assertThat(json(cancel).path("field").asString()).isEqualTo("id");
        assertThat(retry.statusCode()).isEqualTo(400);
    }

    @Test
    void getReturnsTimelineOfPendingJob() {
        String id = service.submitMonitor("timeline-1");

        JsonNode job = json(service.get("/jobs/" + id));

        assertThat(job.path("status").asString()).isEqualTo("pending");
        assertThat(job.path("timeline").size()).isEqualTo(1);
        assertThat(job.path("timeline").get(0).path("event").asString()).isEqualTo("created");
        assertThat(job.path("timeline").get(0).path("at").asString()).isEqualTo(job.path("createdAt").asString());
    }

    @Test
    void unknownPathAndWrongMethodAreProblems() {
        HttpResponse<String> unknown = service.get("/nothing-here");
        HttpResponse<String> wrongMethod = service.postEmpty("/queues");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
