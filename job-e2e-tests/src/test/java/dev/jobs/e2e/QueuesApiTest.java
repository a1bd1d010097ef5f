package dev.jobs.e2e;

import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.store.JobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.jobs.e2e.ProducerService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /queues} and the pending-job gauges. No worker runs: rows are moved to running through the store, so
 * the counts are exact. The database counts include the jobs of every test class in this JVM, because they share
 * the run database and the job type, so they are checked as differences. The broker figures are per prefix.
 */
class QueuesApiTest {

    private static TestStack stack;
    private static ProducerService service;
    private static JobStore store;

    @BeforeAll
    static void start() {
        stack = TestStack.withoutWorker();
        service = new ProducerService(stack, Map.of("JOB_STATISTICS_INTERVAL_MS", "200"));
        store = JobStore.migrateAndOpen(stack.dataSource);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        stack.close();
    }

    @Test
    void reportsBrokerAndDatabaseFigures() {
        JsonNode before = typeEntry(json(service.get("/queues")), MonitorTrainingPayload.TYPE);
        String pendingId = service.submitMonitor("queues-pending");
        UUID waiting = UUID.fromString(service.submitMonitor("queues-waiting"));
        UUID late = UUID.fromString(service.submitMonitor("queues-late"));
        Instant now = Instant.now();
        store.jobs().markRunning(waiting, now, now.plusSeconds(3600));
        store.jobs().recordCheck(waiting, 0, "IN_PROGRESS", null, Duration.ofSeconds(30), now.plusSeconds(30), now);
        store.jobs().markRunning(late, now, now.plusSeconds(3600));
        store.jobs().recordCheck(late, 0, "IN_QUEUE", null, Duration.ofSeconds(30), now.minusSeconds(300), now);
        stack.rabbit.convertAndSend("", stack.topology.deadQueue(), "parked body");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stack.queueDepth(stack.topology.workQueue(MonitorTrainingPayload.TYPE)) == 3);

        JsonNode report = json(service.get("/queues"));

        JsonNode type = typeEntry(report, MonitorTrainingPayload.TYPE);
        assertThat(type.path("queue").asString()).isEqualTo(stack.prefix + "." + MonitorTrainingPayload.TYPE);
        assertThat(type.path("ready").asLong()).as("ready: no consumer takes the three submits").isEqualTo(3);
        assertThat(increase(before, type, "pending")).isEqualTo(1);
        assertThat(increase(before, type, "running")).isEqualTo(2);
        assertThat(increase(before, type, "delayed")).isEqualTo(1);
        assertThat(increase(before, type, "overdue")).isEqualTo(1);
        assertThat(type.path("oldestPendingAgeSeconds").isNumber()).isTrue();
        assertThat(report.path("parked").path("queue").asString()).isEqualTo(stack.prefix + ".dead");
        assertThat(report.path("parked").path("messages").asLong()).isEqualTo(1);
        assertThat(report.path("brokerError").isNull()).isTrue();
        assertThat(pendingId).isNotBlank();
    }

    @Test
    void exposesPendingGaugesToPrometheus() {
        service.submitMonitor("queues-gauge");

        String metrics = await().atMost(Duration.ofSeconds(10)).until(
                () -> service.get("/actuator/prometheus").body(),
                body -> body.contains("jobs_pending{type=\"monitor-training-status\"}")
                        && !body.contains("jobs_pending{type=\"monitor-training-status\"} 0.0"));

        assertThat(metrics).contains("jobs_oldest_pending_age_seconds{type=\"monitor-training-status\"}");
    }

    private static long increase(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }

    private static JsonNode typeEntry(JsonNode report, String type) {
        for (JsonNode entry : report.path("types")) {
            if (entry.path("type").asString().equals(type)) {
                return entry;
            }
        }
        throw new AssertionError("No entry for type " + type + " in " + report);
    }
}
