package dev.jobs.e2e;

import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.testing.FaultProxy;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker reaches RabbitMQ through a proxy this test takes down for a few seconds, which the worker experiences
 * as a broker restart: every connection drops and new ones are refused. The consumers must come back by themselves.
 */
class WorkerConnectionLossTest {

    private static FaultProxy proxy;
    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        URI broker = URI.create(TestServices.amqpUri());
        proxy = new FaultProxy(broker.getHost(), broker.getPort());
        String viaProxy = broker.getScheme() + "://" + broker.getRawUserInfo() + "@127.0.0.1:" + proxy.port();
        stack = new TestStack(TestStack.Options.defaults().withWorkerProperties(Map.of("JOB_AMQP_URI", viaProxy)));
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
        proxy.close();
    }

    @Test
    void consumersRecoverAfterConnectionLoss() throws InterruptedException {
        List<UUID> jobIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                    Scenario.completes(Duration.ZERO, Duration.ofSeconds(4), MessageCodec.mapper().createObjectNode()));
            jobIds.add(stack.modelClient.monitorTrainingJob(runpodJobId, result -> { }, error -> { }));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> jobIds.stream()
                .allMatch(id -> stack.manager.get(id).orElseThrow().status() == JobStatus.RUNNING));

        proxy.down();
        Thread.sleep(3000);
        proxy.up();

        await().atMost(Duration.ofSeconds(60)).until(() -> jobIds.stream()
                .allMatch(id -> stack.manager.get(id).orElseThrow().status().isTerminal()));
        for (UUID jobId : jobIds) {
            assertThat(stack.manager.get(jobId).orElseThrow().status()).as("job %s", jobId).isEqualTo(JobStatus.COMPLETED);
        }
        String jobAfterOutage = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ZERO, Duration.ofMillis(200), MessageCodec.mapper().createObjectNode()));
        UUID lastJob = stack.modelClient.monitorTrainingJob(jobAfterOutage, result -> { }, error -> { });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> stack.manager.get(lastJob).orElseThrow().status() == JobStatus.COMPLETED);
    }
}
