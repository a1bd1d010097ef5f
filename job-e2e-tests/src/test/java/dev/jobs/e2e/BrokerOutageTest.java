package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.SubmitResult;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.testing.FaultProxy;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producer reaches RabbitMQ through a proxy this test takes down, which the producer experiences as a broker
 * outage; the worker and the shared broker are not affected.
 */
class BrokerOutageTest {

    private static FaultProxy proxy;
    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        URI broker = URI.create(TestServices.amqpUri());
        proxy = new FaultProxy(broker.getHost(), broker.getPort());
        String viaProxy = broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxy.port();
        stack = new TestStack(TestStack.Options.defaults().withProducerAmqpUri(viaProxy));
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
        proxy.close();
    }

    @Test
    void submitDuringOutageRunsLater() {
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(200), MessageCodec.mapper().createObjectNode()));
        proxy.down();

        SubmitResult submitted = stack.manager.client().submit(MonitorTrainingPayload.TYPE,
                MessageCodec.mapper().createObjectNode().put("runpodJobId", runpodJobId).put("endpointId", TestStack.ENDPOINT),
                JobOptions.defaults());
        UUID jobId = submitted.job().id();

        assertThat(submitted.created()).isTrue();
        assertThat(submitted.published()).as("published while the broker is down").isFalse();
        assertThat(outboxRows(jobId)).as("outbox rows kept for the relay").isEqualTo(1);
        proxy.up();
        await().atMost(Duration.ofSeconds(40))
                .until(() -> stack.manager.get(jobId).orElseThrow().status() == JobStatus.COMPLETED);
        // The rows of confirmed messages, the completion event's too, are deleted in the background shortly after.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(outboxRows(jobId)).as("outbox rows after the relay published").isZero());
    }

    private static long outboxRows(UUID jobId) {
        try (var connection = stack.dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT count(*) FROM job_outbox WHERE job_id = ?")) {
            statement.setObject(1, jobId);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
