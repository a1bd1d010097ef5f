package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.testing.BrokerCleanup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three worker processes on one prefix share a few hundred short jobs: each worker completes some, and each job ends
 * once, with one event id.
 */
class WorkerScalingTest {

    private static final Logger log = LoggerFactory.getLogger(WorkerScalingTest.class);

    private static final int WORKERS = 3;
    private static final int JOBS = 300;

    /** At most the producer side's connection pool size in {@link TestStack}, 4. */
    private static final int SUBMIT_THREADS = 4;

    /**
     * RunPod endpoints the jobs are spread over. The simulator limits status requests per endpoint like RunPod does,
     * and a few hundred jobs polled every 200 ms on one endpoint would reach that limit and slow the run with 429s.
     */
    private static final List<String> ENDPOINTS = List.of("scale-a", "scale-b", "scale-c", "scale-d");

    /** The worker's INFO line for the one delivery that completes a job. */
    private static final Pattern COMPLETED_LINE = Pattern.compile("Job\\(id=([0-9a-f-]{36}), type=[^)]*\\) completed");

    /** The delay scheduler's DEBUG line naming each delay queue a worker declared, so the test can delete them. */
    private static final Pattern DELAY_QUEUE_LINE = Pattern.compile("Delay queue (\\S+) declared");

    private static TestStack stack;
    private static final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        stack = TestStack.withoutWorker();
    }

    @AfterAll
    static void stopStack() throws Exception {
        Set<String> delayQueues = new HashSet<>();
        for (WorkerProcess worker : workers) {
            worker.close();
            Matcher matcher = DELAY_QUEUE_LINE.matcher(worker.logText());
            while (matcher.find()) {
                delayQueues.add(matcher.group(1));
            }
        }
        // Delay queues also expire by themselves (x-expires), but a test cleans up what it declared.
        BrokerCleanup.delete(List.of(), delayQueues);
        stack.close();
    }

    @Test
    void threeWorkersShareJobs() throws Exception {
        String events = stack.subscribeToEvents();
        Map<String, Object> environment = new HashMap<>(stack.workerProperties());
        environment.put("JOB_PREFETCH", "5");
        environment.put("JOB_CONCURRENCY", "2");
        environment.put("LOGGING_LEVEL_DEV_JOBS_MESSAGING_DELAY", "DEBUG");
        // Three Spring Boot JVMs starting at once on a small machine take most of this test's time. The C1 compiler
        // alone and the serial collector cut that start-up work; throughput does not matter for these short jobs.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(WorkerProcess.start(environment, "worker-scaling-" + i));
        }
        for (WorkerProcess worker : workers) {
            worker.awaitReady(Duration.ofSeconds(60));
        }

        long submitStarted = System.nanoTime();
        Set<UUID> jobIds = ConcurrentHashMap.newKeySet();
        // Submitting waits for each publisher confirm, so a few threads keep the submit phase short.
        try (ExecutorService submitters = Executors.newFixedThreadPool(SUBMIT_THREADS)) {
            List<Future<UUID>> submitted = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                int index = i;
                submitted.add(submitters.submit(() -> submit(index)));
            }
            for (Future<UUID> future : submitted) {
                jobIds.add(future.get());
            }
        }
        log.info("Submitted {} jobs in {} ms", JOBS, (System.nanoTime() - submitStarted) / 1_000_000);

        Map<UUID, Set<UUID>> eventIdsByJob = new HashMap<>();
        List<JobEvent> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            stack.drainEvents(events, received);
            return received.stream().map(JobEvent::jobId).distinct().count() >= JOBS;
        });
        log.info("All {} jobs ended {} ms after the first submit", JOBS, (System.nanoTime() - submitStarted) / 1_000_000);
        // Give a duplicate event, if any were published, time to arrive before counting.
        Thread.sleep(1000);
        stack.drainEvents(events, received);

        for (JobEvent event : received) {
            eventIdsByJob.computeIfAbsent(event.jobId(), id -> new HashSet<>()).add(event.eventId());
        }
        assertThat(eventIdsByJob.keySet()).as("jobs with an event").isEqualTo(jobIds);
        for (UUID jobId : jobIds) {
            assertThat(eventIdsByJob.get(jobId)).as("distinct event ids of job %s", jobId)
                    .containsExactly(JobEvent.eventIdOf(jobId, JobStatus.COMPLETED, 1));
            assertThat(stack.manager.get(jobId).orElseThrow().status()).as("status of job %s", jobId)
                    .isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(received).as("events").allSatisfy(event -> assertThat(event.jobStatus()).isEqualTo(JobStatus.COMPLETED));

        Map<String, Integer> completionsByWorker = new LinkedHashMap<>();
        Map<UUID, Integer> completionsByJob = new HashMap<>();
        for (int i = 0; i < workers.size(); i++) {
            Matcher matcher = COMPLETED_LINE.matcher(workers.get(i).logText());
            int count = 0;
            while (matcher.find()) {
                completionsByJob.merge(UUID.fromString(matcher.group(1)), 1, Integer::sum);
                count++;
            }
            completionsByWorker.put("worker-scaling-" + (i + 1), count);
        }
        log.info("Jobs completed per worker: {}", completionsByWorker);
        assertThat(completionsByWorker.values()).as("jobs completed per worker %s", completionsByWorker)
                .allSatisfy(count -> assertThat(count).isPositive());
        assertThat(completionsByJob.keySet()).as("jobs completed in some worker's log").isEqualTo(jobIds);
        assertThat(completionsByJob.values()).as("completions logged per job").allSatisfy(count -> assertThat(count).isOne());
    }

    /** Submits job {@code index}, watching a simulated run that completes within about a second. */
    private static UUID submit(int index) {
        String endpoint = ENDPOINTS.get(index % ENDPOINTS.size());
        ObjectNode output = MessageCodec.mapper().createObjectNode().put("index", index);
        String runpodJobId = stack.simulator.createJob(endpoint,
                Scenario.completes(Duration.ofMillis(50), Duration.ofMillis(200 + 100L * (index % 7)), output));
        ObjectNode payload = MessageCodec.mapper().createObjectNode()
                .put("runpodJobId", runpodJobId).put("endpointId", endpoint);
        return stack.manager.client().submit(MonitorTrainingPayload.TYPE, payload, JobOptions.defaults()).job().id();
    }
}
