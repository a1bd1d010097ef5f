package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One consumer with a large prefetch, so the deliveries of a burst are processed in batches, and a delivery that
 * fails in an unexpected way shares its batch with others.
 */
class BatchIsolationTest {

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = new TestStack(TestStack.Options.withTestHandlers()
                .withWorkerProperties(Map.of("JOB_CONCURRENCY", "1", "JOB_PREFETCH", "50")));
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void failingDeliverySparesItsBatch() {
        UUID looping = stack.manager.client().submit(TestHandlers.CANCEL_FAILS, payload(false), JobOptions.defaults())
                .job().id();
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.manager.get(looping).orElseThrow().checks() >= 1);
        List<ObjectNode> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(payload(true).put("i", i));
        }

        // The cancelled job's next check arrives while the burst waits, and its cancellation hook throws.
        stack.manager.client().cancel(looping, "stop watching").orElseThrow();
        List<UUID> burstIds = stack.manager.client().submitAll(TestHandlers.CANCEL_FAILS, burst, JobOptions.defaults())
                .stream().map(result -> result.job().id()).toList();

        await().atMost(Duration.ofSeconds(60)).until(() -> burstIds.stream()
                .allMatch(id -> stack.manager.get(id).orElseThrow().status() == JobStatus.COMPLETED));
        assertThat(stack.manager.get(looping).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        // The failing delivery goes back through a delay queue. Had it closed the consumer's channel, the broker would
        // have redelivered it until its delivery limit and dead-lettered it to the parking queue.
        assertThat(stack.rabbit.receive(stack.topology.deadQueue())).as("parked message").isNull();
    }

    @Test
    void duplicateDeliveriesRunHandlerOnce() {
        // The burst keeps the consumer busy for 0.6 s, within its prefetch of 50, so the job's first message and two
        // more copies wait in the consumer's local queue together, and one batch contains all three.
        List<ObjectNode> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            burst.add(payload(true).put("i", i));
        }
        stack.manager.client().submitAll(TestHandlers.CANCEL_FAILS, burst, JobOptions.defaults());

        ObjectNode duplicated = payload(true).put("fast", true);
        UUID jobId = stack.manager.client().submit(TestHandlers.CANCEL_FAILS, duplicated, JobOptions.defaults()).job().id();
        byte[] copy = MessageCodec.write(JobMessage.first(jobId, TestHandlers.CANCEL_FAILS, duplicated));
        for (int i = 0; i < 2; i++) {
            stack.rabbit.send(stack.topology.workExchange(), TestHandlers.CANCEL_FAILS, new Message(copy, new MessageProperties()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> stack.manager.get(jobId).orElseThrow().status() == JobStatus.COMPLETED);
        await().atMost(Duration.ofSeconds(10)).until(() -> messagesReady(stack.topology.workQueue(TestHandlers.CANCEL_FAILS)) == 0);
        // The copies reached the consumer. Give them time to be processed, and check that none ran the handler again.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> TestHandlers.CANCEL_FAILS_RUNS.get(jobId).get() == 1);
    }

    private static long messagesReady(String queue) {
        return stack.rabbit.execute(channel -> (long) channel.queueDeclarePassive(queue).getMessageCount());
    }

    private static ObjectNode payload(boolean complete) {
        return MessageCodec.mapper().createObjectNode().put("complete", complete);
    }
}
