package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.runpod.simulator.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Workers in their own JVMs: one killed with SIGKILL mid-run loses nothing, and SIGTERM ends a worker with status 0. */
class WorkerCrashTest {

    private static final int JOBS = 12;

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
    void killedWorkerLosesNothingAndSurvivorStopsCleanly() throws Exception {
        Map<String, Object> environment = stack.workerProperties();
        List<UUID> jobIds = new ArrayList<>();
        List<CallbackRecorder> callbacks = new ArrayList<>();
        try (WorkerProcess first = WorkerProcess.start(environment, "worker-killed");
             WorkerProcess second = WorkerProcess.start(environment, "worker-survivor")) {
            first.awaitReady(Duration.ofSeconds(60));
            for (int i = 0; i < JOBS; i++) {
                String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT, Scenario.completes(Duration.ofMillis(200),
                        Duration.ofMillis(2500 + 200L * i), MessageCodec.mapper().createObjectNode().put("index", i)));
                CallbackRecorder recorder = new CallbackRecorder();
                callbacks.add(recorder);
                jobIds.add(stack.modelClient.monitorTrainingJob(runpodJobId, JobOptions.defaults(), recorder.onSuccess(),
                        recorder.onError()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> jobIds.stream()
                    .allMatch(id -> stack.manager.get(id).orElseThrow().status() == JobStatus.RUNNING));

            first.kill();
            second.awaitReady(Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.stream().allMatch(recorder -> recorder.calls() > 0));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            for (int i = 0; i < JOBS; i++) {
                assertThat(stack.manager.get(jobIds.get(i)).orElseThrow().status()).as("job %d", i).isEqualTo(JobStatus.COMPLETED);
                assertThat(callbacks.get(i).successes()).as("success callbacks of job %d", i).hasSize(1);
                assertThat(callbacks.get(i).errors()).as("error callbacks of job %d", i).isEmpty();
            }
            int exitStatus = second.terminate(Duration.ofSeconds(30));
            assertThat(exitStatus).as("exit status after SIGTERM; log:%n%s", second.logText()).isZero();
            assertThat(second.logText()).contains("Consumers stopped");
        }
    }
}
