package dev.jobs.bench.throughput;

import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.Clock;
import dev.jobs.bench.stack.EventTap;
import dev.jobs.bench.stack.CpuUse;
import dev.jobs.bench.stack.WorkerProcesses;
import dev.jobs.producer.client.JobClient;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W1: with no worker running, submits {@code n} jobs from {@code window} threads (closed loop), then starts the
 * workers and times until every job's completion event arrived. A warm-up of {@code warm} jobs runs first with
 * workers, which are then stopped. Database counters are read between the phases with every session closed.
 */
final class DrainWorkload {

    private DrainWorkload() {
    }

    static ObjectNode run(ThroughputOptions options, String runId, int workerCount, Path logDirectory) throws Exception {
        String label = "w1_" + workerCount;
        try (BenchStack stack = BenchStack.create(runId, label);
             EventTap tap = new EventTap(stack.amqp(), stack.topology().eventsExchange())) {
            var workerEnv = stack.workerEnvironment(options.concurrency(), options.prefetch());

            try (BenchStack.Producer producer = stack.openProducer(options.window() + 2);
                 WorkerProcesses ignored = WorkerProcesses.start(workerCount, options.workerJar(), logDirectory, workerEnv)) {
                submitAll(producer.manager().client(), -options.warm(), 0, options);
                require(tap.awaitEvents(options.warm(), options.maxWaitMillis()), "warm-up jobs did not complete");
            }
            stack.awaitNoSessions();
            BenchStack.Counters beforeSubmit = stack.counters();

            long submitNanos;
            try (BenchStack.Producer producer = stack.openProducer(options.window() + 2)) {
                long started = System.nanoTime();
                submitAll(producer.manager().client(), 0, options.n(), options);
                submitNanos = System.nanoTime() - started;
            }
            stack.awaitNoSessions();
            BenchStack.Counters afterSubmit = stack.counters();
            Thread.sleep(500);

            int total = options.warm() + options.n();
            long spawned;
            long ready;
            boolean drained;
            CpuUse cpuAtReady;
            CpuUse cpuDrained;
            try (WorkerProcesses workers = WorkerProcesses.start(workerCount, options.workerJar(), logDirectory, workerEnv)) {
                spawned = workers.spawnedMicros();
                ready = workers.readyMicros();
                cpuAtReady = CpuUse.read(workers);
                drained = tap.awaitEvents(total, options.maxWaitMillis());
                cpuDrained = CpuUse.read(workers);
            }
            long lastEvent = tap.lastArrivalMicros();
            stack.awaitNoSessions();
            BenchStack.Counters afterDrain = stack.counters();

            long firstStart;
            long completed;
            long completedBeforeReady;
            try (var connection = stack.openDatabase(); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT (extract(epoch FROM min(started_at)) * 1000000)::bigint, "
                         + "count(*) FILTER (WHERE status = 'completed'), "
                         + "count(*) FILTER (WHERE completed_at < to_timestamp(" + ready + " / 1000000.0)) "
                         + "FROM jobs WHERE (payload->>'i')::int >= 0")) {
                row.next();
                firstStart = row.getLong(1);
                completed = row.getLong(2);
                completedBeforeReady = row.getLong(3);
            }
            require(drained && completed == options.n(), "only " + completed + " of " + options.n()
                    + " jobs completed and " + tap.distinctEvents() + " of " + total + " events arrived");

            double submitSeconds = submitNanos / 1e9;
            double fromReady = (lastEvent - ready) / 1e6;
            double fromSpawn = (lastEvent - spawned) / 1e6;
            double fromFirstStart = (lastEvent - firstStart) / 1e6;
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("workload", "W1");
            result.put("system", "ours");
            result.put("n", options.n());
            result.put("warm", options.warm());
            result.put("enqWindow", options.window());
            result.put("batch", options.batch());
            result.put("workers", workerCount);
            result.put("enqueue_jobs_per_s", Math.round(options.n() / submitSeconds));
            result.put("enqueue_secs", round3(submitSeconds));
            // With several workers, the first may finish jobs while the last still boots. Those jobs are left out,
            // so the rate is that of every worker running.
            result.put("process_jobs_per_s", Math.round((options.n() - completedBeforeReady) / fromReady));
            result.put("process_secs", round3(fromReady));
            result.put("completed_before_ready", completedBeforeReady);
            result.put("process_jobs_per_s_from_first_start", Math.round(options.n() / fromFirstStart));
            result.put("process_jobs_per_s_from_spawn", Math.round(options.n() / fromSpawn));
            result.put("worker_boot_s", round3((ready - spawned) / 1e6));
            result.set("cost_per_job_submit", afterSubmit.minus(beforeSubmit).perJob(options.n()));
            result.set("cpu_ms_per_job_process", cpuDrained.minus(cpuAtReady).perJobMillis(options.n(), false));
            result.set("cost_per_job_process", afterDrain.minus(afterSubmit).perJob(options.n()));
            result.put("config", options.describe());
            return result;
        }
    }

    /**
     * Submits jobs {@code from} (inclusive) to {@code to} (exclusive) from {@code window} threads, each taking the
     * next index, or the next {@code batch} indexes when batches are enabled.
     */
    private static void submitAll(JobClient client, int from, int to, ThroughputOptions options) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService executor = Executors.newFixedThreadPool(options.window());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < options.window(); t++) {
                futures.add(executor.submit(() -> {
                    int batch = options.batch();
                    for (int first = next.getAndAdd(batch); first < to; first = next.getAndAdd(batch)) {
                        int last = Math.min(to, first + batch);
                        if (batch == 1) {
                            Payloads.submit(client, first, Clock.nowMicros());
                        } else {
                            Payloads.submitAll(client, first, last, Clock.nowMicros());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static double round3(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("W1 failed: " + message);
        }
    }
}
