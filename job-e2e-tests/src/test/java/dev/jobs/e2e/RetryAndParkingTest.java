package dev.jobs.e2e;

import com.rabbitmq.client.GetResponse;
import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.testing.TestServices;
import dev.jobs.messaging.parking.Parking;
import dev.jobs.messaging.parking.Redrive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetryAndParkingTest {

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
    void alwaysThrowingHandlerFailsAfterRetries() {
        JobOptions options = JobOptions.defaults().withRetryAttempts(2).withRetryDelay(Duration.ofMillis(100));

        UUID jobId = stack.manager.client().submit(TestHandlers.ALWAYS_FAILS, json("{}"), options).job().id();

        JobView job = await().atMost(Duration.ofSeconds(20)).until(() -> stack.manager.get(jobId).orElseThrow(),
                view -> view.status().isTerminal());
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).isEqualTo("Failed after 3 attempt(s): boom on attempt 3");
        assertThat(job.attempt()).isEqualTo(3);
        String errors = attemptErrors(jobId);
        assertThat(errors).contains("boom on attempt 1", "boom on attempt 2", "boom on attempt 3");
    }

    @Test
    void nonJsonMessageIsParked() {
        publishRaw("this is not json");

        Map<String, Object> headers = awaitParkedHeaders();

        assertThat(headers.get(Parking.REASON_HEADER).toString()).contains("not valid JSON");
        assertThat(headers.get(Parking.ORIGINAL_ROUTING_KEY_HEADER).toString()).isEqualTo(MonitorTrainingPayload.TYPE);
    }

    @Test
    void missingJobIdIsParked() {
        publishRaw("{\"type\":\"monitor-training-status\",\"payload\":{}}");

        Map<String, Object> headers = awaitParkedHeaders();

        assertThat(headers.get(Parking.REASON_HEADER).toString()).contains("'jobId' is missing");
    }

    @Test
    void typeWithoutHandlerIsParked() {
        publishRaw("{\"jobId\":\"" + UUID.randomUUID() + "\",\"type\":\"nobody-handles-this\",\"payload\":{}}");

        Map<String, Object> headers = awaitParkedHeaders();

        assertThat(headers.get(Parking.REASON_HEADER).toString()).contains("No handler for job type 'nobody-handles-this'");
    }

    @Test
    void typeRoutingKeyMismatchIsParked() {
        publishRaw("{\"jobId\":\"" + UUID.randomUUID() + "\",\"type\":\"noop\",\"payload\":{}}");

        Map<String, Object> headers = awaitParkedHeaders();

        assertThat(headers.get(Parking.REASON_HEADER).toString())
                .contains("differs from its routing key 'monitor-training-status'");
    }

    @Test
    void nulCharacterMessageIsParked() {
        UUID jobId = UUID.randomUUID();

        publishRaw("{\"jobId\":\"" + jobId + "\",\"type\":\"monitor-training-status\",\"payload\":"
                + "{\"runpodJobId\":\"a\",\"endpointId\":\"b\",\"note\":\"x\\u0000y\"}}");

        Map<String, Object> headers = awaitParkedHeaders();
        assertThat(headers.get(Parking.REASON_HEADER).toString()).contains("NUL character");
        assertThat(stack.manager.get(jobId)).isEmpty();
    }

    @Test
    void poisonMessageBlocksNothing() {
        publishRaw("{broken");
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(100), json("{}")));

        UUID jobId = stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { });

        await().atMost(Duration.ofSeconds(20))
                .until(() -> stack.manager.get(jobId).orElseThrow().status() == JobStatus.COMPLETED);
        awaitParkedHeaders();
    }

    @Test
    void redriveReturnsParkedMessage() {
        drainParked();
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(100), json("{\"redriven\":true}")));
        UUID jobId = UUID.randomUUID();
        JobMessage message = JobMessage.first(jobId, MonitorTrainingPayload.TYPE,
                json("{\"runpodJobId\":\"" + runpodJobId + "\",\"endpointId\":\"" + TestStack.ENDPOINT + "\"}"));
        MessageProperties properties = new MessageProperties();
        properties.setHeader(Parking.ORIGINAL_ROUTING_KEY_HEADER, MonitorTrainingPayload.TYPE);
        properties.setHeader(Parking.REASON_HEADER, "parked by the test");
        stack.rabbit.send("", stack.topology.deadQueue(), new Message(MessageCodec.write(message), properties));
        awaitParkedCount(1);

        Redrive.Result result = redrive();

        assertThat(result.redriven()).isGreaterThanOrEqualTo(1);
        JobView job = await().atMost(Duration.ofSeconds(20)).until(() -> stack.manager.get(jobId).orElse(null),
                view -> view != null && view.status() == JobStatus.COMPLETED);
        assertThat(job.result().get("output").get("redriven").asBoolean()).isTrue();
    }

    @Test
    void redriveMovesEachMessageOnce() {
        drainParked();
        MessageProperties properties = new MessageProperties();
        properties.setHeader(Parking.ORIGINAL_ROUTING_KEY_HEADER, MonitorTrainingPayload.TYPE);
        for (int i = 0; i < 5; i++) {
            stack.rabbit.send("", stack.topology.deadQueue(),
                    new Message("{broken".getBytes(StandardCharsets.UTF_8), properties));
        }
        awaitParkedCount(5);

        Redrive.Result result = redrive();

        assertThat(result.redriven()).isEqualTo(5);
        awaitParkedCount(5);
        drainParked();
    }

    /** Re-drives up to 100 parked messages through a connection of its own, as the CLI does. */
    private static Redrive.Result redrive() {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        try {
            return new Redrive(new ConfirmedPublisher(factory), stack.topology).run(100);
        } finally {
            factory.destroy();
        }
    }

    /**
     * Waits until the parking queue reports {@code count} messages. A redrive moves only the messages counted when it
     * starts, and a message sent without a confirm may not be counted yet.
     */
    private static void awaitParkedCount(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.queueDepth(stack.topology.deadQueue()) == count);
    }

    /** Empties this run's parking queue, so the other tests read only the messages they parked. */
    private static void drainParked() {
        while (stack.rabbit.execute(channel -> channel.basicGet(stack.topology.deadQueue(), true)) != null) {
            // Each call takes one message.
        }
    }

    private static void publishRaw(String body) {
        stack.rabbit.send(stack.topology.workExchange(), MonitorTrainingPayload.TYPE,
                new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
    }

    /** Takes the next parked message off the parking queue and returns its headers. */
    private static Map<String, Object> awaitParkedHeaders() {
        GetResponse response = await().atMost(Duration.ofSeconds(10)).until(
                () -> stack.rabbit.execute(channel -> channel.basicGet(stack.topology.deadQueue(), true)),
                value -> value != null);
        return response.getProps().getHeaders();
    }

    private static String attemptErrors(UUID jobId) {
        try (var connection = stack.dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT attempt_errors::text FROM jobs WHERE id = ?")) {
            statement.setObject(1, jobId);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        return MessageCodec.mapper().readTree(text);
    }
}
