package dev.jobs.e2e;

import com.rabbitmq.client.AMQP;
import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.RequestLog;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.fault.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker in its own JVM gets SIGTERM while the RunPod status call of a monitored job is slow. It finishes that
 * delivery within the grace period and exits with status 0, and a second worker ends the job exactly once.
 *
 * <p>NOTE: only one delivery is in progress, so prefetched deliveries that were never started and a grace period
 * that runs out are not covered here.
 */
class GracefulStopTest {

    /** Delay of the job's first status response in the simulator. */
    private static final Duration SLOW_STATUS = Duration.ofSeconds(3);

    /** Shutdown grace period of both workers, longer than the slow call. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = TestStack.withoutWorker();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void sigtermWaitsForSlowStatusCall() throws Exception {
        Map<String, Object> environment = new HashMap<>(stack.workerProperties());
        environment.put("JOB_SHUTDOWN_GRACE_MS", Long.toString(SHUTDOWN_GRACE.toMillis()));
        // The start-up of two worker JVMs takes most of this test's time, and C1 alone with the serial collector
        // shortens it. The JDK's HTTP client logs each request before it sends it, so the log shows when the status
        // call is under way.
        environment.put("JAVA_TOOL_OPTIONS",
                "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djdk.httpclient.HttpClient.log=requests");
        String workQueue = stack.topology.workQueue(MonitorTrainingPayload.TYPE);
        // The RunPod job runs until the test lets it end, so the first worker can only see it in progress.
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT, Scenario.runsForever());
        stack.simulator.injectFaults(runpodJobId, Fault.slow(SLOW_STATUS, 1));
        String statusPath = "/v2/" + TestStack.ENDPOINT + "/status/" + runpodJobId;
        CallbackRecorder recorder = new CallbackRecorder();

        UUID jobId;
        Instant sigtermAt;
        try (WorkerProcess first = WorkerProcess.start(environment, "graceful-stop-first")) {
            first.awaitReady(Duration.ofSeconds(60));
            jobId = stack.modelClient.monitorTrainingJob(runpodJobId, JobOptions.defaults(), recorder.onSuccess(),
                    recorder.onError());
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> first.logText().contains("REQUEST: " + stack.simulator.baseUrl() + statusPath));
            assertThat(statusResponses(statusPath)).as("status responses before SIGTERM").isEmpty();

            sigtermAt = Instant.now();
            int exitStatus = first.terminate(SHUTDOWN_GRACE.plusSeconds(10));
            Duration stopTime = Duration.between(sigtermAt, Instant.now());
            String log = first.logText();
            assertThat(exitStatus).as("exit status after SIGTERM; log:%n%s", log).isZero();
            assertThat(log).as("first worker log").contains("Stopping consumers");
            assertThat(log).as("first worker log").contains("Consumers stopped");
            // The worker stops once the delivery is done, well before the grace period runs out.
            assertThat(stopTime).as("time from SIGTERM to exit").isLessThan(SHUTDOWN_GRACE);
        }

        // The slow call was under way at SIGTERM, and the stopping worker still waited for its response.
        List<RequestLog.Entry> responses = statusResponses(statusPath);
        assertThat(responses).as("status calls of the first worker").hasSize(1);
        assertThat(responses.getFirst().status()).as("HTTP status of the slow call").isEqualTo(200);
        assertThat(responses.getFirst().time()).as("when the slow call was answered").isAfter(sigtermAt);
        JobView afterFirst = stack.manager.get(jobId).orElseThrow();
        assertThat(afterFirst.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(afterFirst.checks()).as("checks recorded by the first worker").isEqualTo(1);
        assertThat(afterFirst.runpodStatus()).isEqualTo("IN_PROGRESS");
        assertThat(recorder.calls()).as("callbacks before the job ended").isZero();

        // With no worker left, an unacknowledged delivery would be back in the queue beside the next check.
        await().atMost(Duration.ofSeconds(10)).until(() -> queue(workQueue).getMessageCount() >= 1);
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
        AMQP.Queue.DeclareOk queueBetweenWorkers = queue(workQueue);
        assertThat(queueBetweenWorkers.getConsumerCount()).as("consumers on the work queue between the workers")
                .isZero();
        assertThat(queueBetweenWorkers.getMessageCount()).as("messages in the work queue between the workers")
                .isEqualTo(1);
        assertThat(stack.queueDepth(stack.topology.deadQueue())).as("parked messages").isZero();

        stack.simulator.script(runpodJobId, Scenario.completes(Duration.ZERO, Duration.ZERO,
                MessageCodec.mapper().createObjectNode().put("model", "trained")));
        try (WorkerProcess second = WorkerProcess.start(environment, "graceful-stop-second")) {
            second.awaitReady(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(15)).until(() -> recorder.calls() > 0);
            // A short quiet spell gives a duplicate callback the time to show.
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);

            JobView ended = stack.manager.get(jobId).orElseThrow();
            assertThat(ended.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(recorder.successes()).as("success callbacks").hasSize(1);
            assertThat(recorder.successes().getFirst().toString()).as("result of the job").contains("trained");
            assertThat(recorder.errors()).as("error callbacks").isEmpty();
            assertThat(statusResponses(statusPath)).as("status calls of both workers").hasSize(2);

            int exitStatus = second.terminate(Duration.ofSeconds(20));
            assertThat(exitStatus).as("exit status of the second worker; log:%n%s", second.logText()).isZero();
        }

        AMQP.Queue.DeclareOk queueAtEnd = queue(workQueue);
        assertThat(queueAtEnd.getConsumerCount()).as("consumers on the work queue at the end").isZero();
        assertThat(queueAtEnd.getMessageCount()).as("messages in the work queue at the end").isZero();
        assertThat(stack.queueDepth(stack.topology.deadQueue())).as("parked messages at the end").isZero();
    }

    private static List<RequestLog.Entry> statusResponses(String path) {
        return stack.simulator.requestLog().entries().stream()
                .filter(entry -> entry.method().equals("GET") && entry.path().equals(path))
                .toList();
    }

    private static AMQP.Queue.DeclareOk queue(String name) {
        return stack.rabbit.execute(channel -> channel.queueDeclarePassive(name));
    }
}
