package dev.jobs.bench.throughput;

import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.Clock;
import dev.jobs.bench.stack.EventTap;
import dev.jobs.bench.stack.Summary;
import dev.jobs.bench.stack.WorkerProcesses;
import dev.jobs.producer.client.JobClient;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * W2: with workers running, submits at a fixed rate (open loop: job k is due at t0 + k / rate and is handed to a
 * submitting thread at that moment, whatever earlier submits are doing). Latencies count from the due time, which
 * the payload carries: to start is the row's {@code started_at}, to complete is the arrival of its completion
 * event here. Jobs of the first {@code warmSecs} are left out of the figures, and so are the {@code warm} jobs
 * drained before the timed phase.
 */
final class LatencyWorkload {

    private static final int SUBMIT_THREADS = 64;

    private static final int WARM_UP_CHUNK = 500;

    /**
     * Connections of the producer's pool. Concurrent submits share transactions, so a few suffice, and the
     * PostgreSQL default of 100 connections must also cover the workers and other users of the server.
     */
    private static final int PRODUCER_CONNECTIONS = 8;

    private LatencyWorkload() {
    }

    /**
     * Drains {@code warm} jobs (negative indexes, left out of every figure) before the timed phase, so the worker's
     * JVM has compiled its hot paths, as a long-running worker has. A cold worker processed a third of its later
     * rate in its first seconds, and the backlog it left showed up as seconds of latency.
     */
    private static void warmUp(JobClient client, EventTap tap, ThroughputOptions options) throws InterruptedException {
        for (int from = -options.warm(); from < 0; from += WARM_UP_CHUNK) {
            Payloads.submitAll(client, from, Math.min(0, from + WARM_UP_CHUNK), Clock.nowMicros());
        }
        if (!tap.awaitEvents(options.warm(), options.maxWaitMillis())) {
            throw new IllegalStateException("The warm-up's " + options.warm() + " jobs did not complete within "
                    + options.maxWaitMillis() + " ms");
        }
    }

    static ObjectNode run(ThroughputOptions options, String runId, int workerCount, Path logDirectory) throws Exception {
        int warmJobs = options.rate() * options.warmSecs();
        int total = warmJobs + options.rate() * options.secs();
        long[] due = new long[total];
        long[] called = new long[total];
        long[] acknowledged = new long[total];
        UUID[] ids = new UUID[total];
        AtomicInteger errors = new AtomicInteger();

        try (BenchStack stack = BenchStack.create(runId, "w2_" + workerCount);
             EventTap tap = new EventTap(stack.amqp(), stack.topology().eventsExchange());
             BenchStack.Producer producer = stack.openProducer(PRODUCER_CONNECTIONS);
             WorkerProcesses ignored = WorkerProcesses.start(workerCount, options.workerJar(), logDirectory,
                     stack.workerEnvironment(options.concurrency(), options.prefetch()))) {
            JobClient client = producer.manager().client();
            Thread.sleep(1000);
            warmUp(client, tap, options);

            ExecutorService executor = Executors.newFixedThreadPool(SUBMIT_THREADS);
            long intervalNanos = 1_000_000_000L / options.rate();
            long startNanos = System.nanoTime() + 50_000_000;
            long startMicros = Clock.nowMicros() + 50_000;
            for (int k = 0; k < total; k++) {
                long dueNanos = startNanos + k * intervalNanos;
                long wait;
                while ((wait = dueNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = k;
                due[index] = startMicros + k * intervalNanos / 1_000;
                executor.execute(() -> {
                    called[index] = Clock.nowMicros();
                    try {
                        ids[index] = Payloads.submit(client, index, due[index]);
                        acknowledged[index] = Clock.nowMicros();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                });
            }
            executor.shutdown();
            if (!executor.awaitTermination(options.maxWaitMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
            tap.awaitEvents(options.warm() + total - errors.get(), options.maxWaitMillis());

            long[] startedMicros = new long[total];
            try (var connection = stack.openDatabase(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT (payload->>'i')::int, "
                         + "(extract(epoch FROM started_at) * 1000000)::bigint FROM jobs "
                         + "WHERE started_at IS NOT NULL AND (payload->>'i')::int >= 0")) {
                while (rows.next()) {
                    startedMicros[rows.getInt(1)] = rows.getLong(2);
                }
            }

            int measured = total - warmJobs;
            double[] enqueueCall = new double[measured];
            double[] toStart = new double[measured];
            double[] toComplete = new double[measured];
            int calls = 0;
            int starts = 0;
            int completions = 0;
            for (int k = warmJobs; k < total; k++) {
                if (acknowledged[k] != 0) {
                    enqueueCall[calls++] = (acknowledged[k] - called[k]) / 1000.0;
                }
                if (startedMicros[k] != 0) {
                    toStart[starts++] = (startedMicros[k] - due[k]) / 1000.0;
                }
                Long arrived = ids[k] == null ? null : tap.arrivedMicros(ids[k]);
                if (arrived != null) {
                    toComplete[completions++] = (arrived - due[k]) / 1000.0;
                }
            }
            double achievedRate = (total - 1) / ((called[total - 1] - called[0]) / 1e6);

            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("workload", "W2");
            result.put("system", "ours");
            result.put("rate", options.rate());
            result.put("secs", options.secs());
            result.put("warmSecs", options.warmSecs());
            result.put("measured_jobs", measured);
            result.put("workers", workerCount);
            result.put("errors", errors.get());
            result.put("achieved_rate", Math.round(achievedRate));
            result.set("enqueue_call_ms", Summary.of(Arrays.copyOf(enqueueCall, calls)).toJson());
            result.set("to_start_ms", Summary.of(Arrays.copyOf(toStart, starts)).toJson());
            result.set("to_complete_ms", Summary.of(Arrays.copyOf(toComplete, completions)).toJson());
            ObjectNode missing = result.putObject("missing");
            missing.put("start", measured - starts);
            missing.put("complete", measured - completions);
            result.put("config", options.describe());
            return result;
        }
    }
}
