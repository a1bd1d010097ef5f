package dev.jobs.cli;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.messaging.parking.Parking;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.Outcome;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.jobs.store.generated.Tables.JOB_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/** Every CLI command against a running producer service, in-process, with its output and exit code. */
class CliCommandsTest {

    private static final String PAYLOAD = "{\"runpodJobId\":\"cli-%s\",\"endpointId\":\"e\"}";

    private static ServiceFixture service;

    @BeforeAll
    static void start() {
        service = new ServiceFixture(Map.of());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void submitPrintsIdAndJsonHasJob() {
        ServiceFixture.Run human = service.cli("submit", "monitor-training-status", "--payload", PAYLOAD.formatted("1"),
                "--timeout-ms", "60000");
        ServiceFixture.Run json = service.cli("submit", "monitor-training-status", "--payload", PAYLOAD.formatted("2"),
                "--idempotency-key", "cli-key-" + UUID.randomUUID(), "--json");

        assertThat(human.exitCode()).isZero();
        assertThat(human.out()).startsWith("Submitted job ").contains("(monitor-training-status, pending)");
        assertThat(json.exitCode()).isZero();
        JsonNode job = parse(json.out());
        assertThat(job.path("status").asString()).isEqualTo("pending");
        assertThat(job.path("idempotencyKey").asString()).startsWith("cli-key-");
    }

    @Test
    void submitWithInvalidInputIsUsageError() {
        ServiceFixture.Run badJson = service.cli("submit", "monitor-training-status", "--payload", "{nope");
        ServiceFixture.Run rejected = service.cli("submit", "monitor-training-status", "--payload", "{\"endpointId\":\"e\"}");
        ServiceFixture.Run missingPayload = service.cli("submit", "monitor-training-status");

        assertThat(badJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badJson.err()).contains("--payload is not valid JSON");
        assertThat(rejected.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rejected.err()).contains("field payload.runpodJobId");
        assertThat(missingPayload.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void getPrintsDetailsOrNotFound() {
        String id = submit("get");

        ServiceFixture.Run human = service.cli("get", id);
        ServiceFixture.Run json = service.cli("get", id, "--json");
        ServiceFixture.Run unknown = service.cli("get", UUID.randomUUID().toString());
        ServiceFixture.Run malformed = service.cli("get", "not-a-uuid");

        assertThat(human.exitCode()).isZero();
        assertThat(human.out()).contains("status:        pending").contains("timeline:").contains("created");
        assertThat(parse(json.out()).path("timeline").isArray()).isTrue();
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).startsWith("Error: No job with id");
        assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void listPagesThroughEveryJobWithCursor() {
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(submit("list-" + i));
        }

        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            ServiceFixture.Run run = after == null ? service.cli("list", "--limit", "2", "--json")
                    : service.cli("list", "--limit", "2", "--json", "--after", after);
            assertThat(run.exitCode()).isZero();
            JsonNode page = parse(run.out());
            page.path("items").forEach(item -> assertThat(seen.add(item.path("id").asString())).isTrue());
            after = page.path("next").isNull() ? null : page.path("next").asString();
            pages++;
        } while (after != null && pages < 100);

        assertThat(seen).containsAll(submitted);
        ServiceFixture.Run table = service.cli("list", "--limit", "2", "--status", "pending");
        assertThat(table.out()).startsWith("ID").contains("STATUS").contains("More jobs: add --after ");
    }

    @Test
    void listWithBadLimitIsUsageError() {
        ServiceFixture.Run run = service.cli("list", "--limit", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("field limit");
    }

    @Test
    void cancelThenCancelAgainIsRejected() {
        String id = submit("cancel");

        ServiceFixture.Run first = service.cli("cancel", id, "--reason", "from the CLI test");
        ServiceFixture.Run second = service.cli("cancel", id);

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("Cancelled job " + id + ": from the CLI test");
        assertThat(second.exitCode()).isEqualTo(ExitCodes.JOB_FAILED_OR_REJECTED);
        assertThat(second.err()).contains("is cancelled");
    }

    @Test
    void retryCancelledJobAndRejectPendingOne() {
        String id = submit("retry");
        service.cli("cancel", id);

        ServiceFixture.Run retried = service.cli("retry", id, "--json");
        ServiceFixture.Run again = service.cli("retry", id);
        ServiceFixture.Run unknown = service.cli("retry", UUID.randomUUID().toString());

        assertThat(retried.exitCode()).isZero();
        assertThat(parse(retried.out()).path("run").asInt()).isEqualTo(2);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.JOB_FAILED_OR_REJECTED);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void queuesPrintsTableAndJson() {
        submit("queues");

        ServiceFixture.Run human = service.cli("queues");
        ServiceFixture.Run json = service.cli("queues", "--json");

        assertThat(human.exitCode()).isZero();
        assertThat(human.out()).startsWith("TYPE").contains("monitor-training-status")
                .contains("Parked in " + service.prefix + ".dead: 0");
        JsonNode monitor = null;
        for (JsonNode type : parse(json.out()).path("types")) {
            if (type.path("type").asString().equals(MonitorTrainingPayload.TYPE)) {
                monitor = type;
            }
        }
        assertThat(monitor).isNotNull();
        assertThat(monitor.path("ready").asLong()).isPositive();
    }

    @Test
    void watchFollowsJobUntilCompleted() throws InterruptedException {
        UUID id = UUID.fromString(submit("watch-ok"));
        CompletableFuture<ServiceFixture.Run> watch = CompletableFuture.supplyAsync(
                () -> service.cli("watch", id.toString(), "--interval-ms", "50"));
        Instant now = Instant.now();

        letWatchPoll();
        service.store.jobs().markRunning(id, now, now.plusSeconds(600));
        letWatchPoll();
        service.store.jobs().recordCheck(id, 0, "IN_PROGRESS", null, Duration.ofSeconds(1), now.plusSeconds(1), now);
        letWatchPoll();
        service.store.jobs().finish(service.store.jobs().find(id).orElseThrow(), Outcome.completed("{\"ok\":true}", "COMPLETED"), Instant.now(), CliCommandsTest::event);
        // The event names no real exchange; the producer's outbox relay must not try to publish it.
        service.store.dsl().deleteFrom(JOB_OUTBOX).where(JOB_OUTBOX.JOB_ID.eq(id)).execute();
        ServiceFixture.Run run = watch.join();

        assertThat(run.exitCode()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[0]).startsWith("pending");
        assertThat(run.out()).contains("running  checks=1").contains("runpod=IN_PROGRESS");
        assertThat(lines[lines.length - 1]).startsWith("completed").contains("runpod=COMPLETED");
        assertThat(lines).doesNotHaveDuplicates();
    }

    @Test
    void watchExitsOneWhenJobIsCancelled() throws InterruptedException {
        String id = submit("watch-cancel");
        CompletableFuture<ServiceFixture.Run> watch = CompletableFuture.supplyAsync(
                () -> service.cli("watch", id, "--interval-ms", "50"));

        letWatchPoll();
        service.cli("cancel", id, "--reason", "stop watching");
        ServiceFixture.Run run = watch.join();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.JOB_FAILED_OR_REJECTED);
        assertThat(run.out()).contains("cancelled").contains("error=stop watching");
    }

    @Test
    void unreachableServiceExitsFour() {
        ServiceFixture.Run run = ServiceFixture.cliWithoutUrl("list", "--url", "http://127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("unreachable");
    }

    @Test
    void unknownCommandIsUsageError() {
        ServiceFixture.Run run = ServiceFixture.cliWithoutUrl("frobnicate");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void redriveMovesParkedMessageBack() {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        try {
            RabbitTemplate rabbit = new RabbitTemplate(factory);
            MessageProperties properties = new MessageProperties();
            properties.setHeader(Parking.ORIGINAL_ROUTING_KEY_HEADER, MonitorTrainingPayload.TYPE);
            rabbit.send("", service.topology.deadQueue(), new Message("{}".getBytes(StandardCharsets.UTF_8), properties));

            ServiceFixture.Run run = ServiceFixture.cliWithoutUrl("redrive", "--limit", "10", "--json",
                    "--amqp-uri", TestServices.amqpUri(), "--prefix", service.prefix);

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(parse(run.out()).path("redriven").asInt()).isEqualTo(1);
            Integer parked = rabbit.execute(channel -> channel.queueDeclarePassive(service.topology.deadQueue()).getMessageCount());
            assertThat(parked).isZero();
        } finally {
            factory.destroy();
        }
    }

    @Test
    void redriveWithBadLimitIsUsageError() {
        ServiceFixture.Run run = ServiceFixture.cliWithoutUrl("redrive", "--limit", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--limit must be at least 1");
    }

    @Test
    void urlWithoutSchemeIsRejected() {
        ServiceFixture.Run run = ServiceFixture.cliWithoutUrl("list", "--url", "localhost:8080");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--url localhost:8080 is not an http:// or https:// URL");
    }

    @Test
    void unreachableBrokerHidesPassword() {
        ServiceFixture.Run run = ServiceFixture.cliWithoutUrl("redrive", "--amqp-uri",
                "amqp://guest:hidden-secret@127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("Cannot reach the broker at amqp://127.0.0.1:1").contains("--amqp-uri")
                .doesNotContain("hidden-secret");
    }

    /** Waits four poll intervals, so the watch reads each state before the next change. */
    private static void letWatchPoll() throws InterruptedException {
        Thread.sleep(200);
    }

    private static String submit(String name) {
        ServiceFixture.Run run = service.cli("submit", "monitor-training-status", "--payload", PAYLOAD.formatted(name), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return parse(run.out()).path("id").asString();
    }

    private static OutboxMessage event(JobRow row) {
        return OutboxMessage.of(row.id(), "unused", "unused", row.id() + ":event", "{}");
    }

    private static JsonNode parse(String text) {
        return MessageCodec.mapper().readTree(text);
    }
}
