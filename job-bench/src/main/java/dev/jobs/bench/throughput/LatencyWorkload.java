package dev.jobs.bench.throughput;

import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.Clock;
import dev.jobs.bench.stack.CompilerActivity;
import dev.jobs.bench.stack.CpuUse;
import dev.jobs.bench.stack.EventTap;
import dev.jobs.bench.stack.Summary;
import dev.jobs.bench.stack.WorkerProcesses;
import dev.jobs.producer.client.JobClient;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * W2: with workers running, submits at a fixed rate (open loop: job k is due at t0 + k / rate and is handed to a
 * submitting thread at that moment, whatever earlier submits are doing). Latencies count from the due time, which
 * the payload carries: to start is the row's {@code started_at}, to complete is the arrival of its completion
 * event here. Before the timed phase, {@code warm} jobs are drained and then jobs are submitted at the same rate
 * until the JVMs' compilers settle. None of these count in the figures.
 */
final class LatencyWorkload {

    private static final int SUBMIT_THREADS = 64;

    private static final int WARM_UP_CHUNK = 500;

    /** Index of the first settling job. The warm-up's indexes run from {@code -warm} to -1, above it. */
    private static final int SETTLE_INDEX_BASE = -1_000_000;

    /** Compiler CPU, in cores, under which the JVMs count as settled. */
    private static final double SETTLED_CORES = 0.05;

    private static final long SETTLE_CHECK_NANOS = 2_000_000_000L;

    /**
     * Time to wait before the window's database counters are read. A PostgreSQL 15 server process sends its
     * counters at most once a second while busy, and an idle one with counters left sends them within 10 s
     * ({@code PGSTAT_MIN_INTERVAL} and {@code PGSTAT_IDLE_INTERVAL} in its {@code pgstat.c}). The sessions stay open,
     * so the window's counts may also include up to a second of the settling phase's work, whose counters arrive
     * after the first reading.
     */
    private static final long STATS_ARRIVAL_MILLIS = 11_000;

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

    /** How long the settling phase ran, and how many jobs it handed over and how many of their submits failed. */
    private record Settling(double seconds, int submitted, AtomicInteger errors) {
    }

    /**
     * Submits at the workload's rate, with indexes left out of every figure, until the JIT compilers of this JVM and
     * the workers have settled: at least {@code warmSecs}, then until they kept less than {@link #SETTLED_CORES} of a
     * core busy over one {@link #SETTLE_CHECK_NANOS} window, and at most {@code maxWarmSecs}. On this machine they
     * took about 45 s under this load, and the start median measured meanwhile was hundreds of times its later value.
     */
    private static Settling settle(JobClient client, ExecutorService executor, CompilerActivity compilers,
                                   ThroughputOptions options) {
        long began = System.nanoTime();
        long[] nextCheck = {began + SETTLE_CHECK_NANOS};
        boolean[] settled = {false};
        compilers.coresSinceLastCall();
        BooleanSupplier done = () -> {
            long now = System.nanoTime();
            if (now - began >= options.maxWarmSecs() * 1_000_000_000L) {
                return true;
            }
            if (now >= nextCheck[0]) {
                nextCheck[0] = now + SETTLE_CHECK_NANOS;
                settled[0] = compilers.coresSinceLastCall() < SETTLED_CORES;
            }
            return settled[0] && now - began >= options.warmSecs() * 1_000_000_000L;
        };
        AtomicInteger errors = new AtomicInteger();
        int submitted = new OpenLoop(executor, options.rate()).run(Integer.MAX_VALUE, done, (k, dueMicros) -> {
            try {
                Payloads.submit(client, SETTLE_INDEX_BASE - k, dueMicros);
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
        });
        return new Settling(Math.round((System.nanoTime() - began) / 1e8) / 10.0, submitted, errors);
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * Writes one CSV line per measured job: its index, then its due, call, acknowledgement, start and completion
     * event times in microseconds since the first job was due (empty where missing).
     */
    private static void writeSamples(Path file, long[] due, long[] called, long[] acknowledged,
                                     long[] started, UUID[] ids, EventTap tap) throws IOException {
        long origin = due[0];
        StringBuilder csv = new StringBuilder("index,due_us,called_us,acknowledged_us,started_us,event_us\n");
        for (int k = 0; k < due.length; k++) {
            Long event = ids[k] == null ? null : tap.arrivedMicros(ids[k]);
            csv.append(k).append(',').append(due[k] - origin)
                    .append(',').append(called[k] == 0 ? "" : called[k] - origin)
                    .append(',').append(acknowledged[k] == 0 ? "" : acknowledged[k] - origin)
                    .append(',').append(started[k] == 0 ? "" : started[k] - origin)
                    .append(',').append(event == null ? "" : event - origin).append('\n');
        }
        Files.writeString(file, csv);
    }

    static ObjectNode run(ThroughputOptions options, String runId, int workerCount, Path logDirectory) throws Exception {
        int total = options.rate() * options.secs();
        long[] due = new long[total];
        long[] called = new long[total];
        long[] acknowledged = new long[total];
        UUID[] ids = new UUID[total];
        AtomicInteger errors = new AtomicInteger();

        try (BenchStack stack = BenchStack.create(runId, "w2_" + workerCount);
             EventTap tap = new EventTap(stack.amqp(), stack.topology().eventsExchange());
             BenchStack.Producer producer = stack.openProducer(PRODUCER_CONNECTIONS);
             WorkerProcesses workers = WorkerProcesses.start(workerCount, options.workerJar(), logDirectory,
                     stack.workerEnvironment(options.concurrency(), options.prefetch()))) {
            JobClient client = producer.manager().client();
            Thread.sleep(1000);
            warmUp(client, tap, options);
            ExecutorService executor = Executors.newFixedThreadPool(SUBMIT_THREADS);
            CompilerActivity compilers = new CompilerActivity(workers);
            Settling settling = settle(client, executor, compilers, options);

            CpuUse cpuBefore = CpuUse.read(workers);
            double compilerSecondsBefore = compilers.seconds();
            BenchStack.Counters countersBefore = stack.counters();
            new OpenLoop(executor, options.rate()).run(total, () -> false, (index, dueMicros) -> {
                due[index] = dueMicros;
                called[index] = Clock.nowMicros();
                try {
                    ids[index] = Payloads.submit(client, index, dueMicros);
                    acknowledged[index] = Clock.nowMicros();
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
            });
            executor.shutdown();
            if (!executor.awaitTermination(options.maxWaitMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
            tap.awaitEvents(options.warm() + settling.submitted() - settling.errors().get() + total - errors.get(),
                    options.maxWaitMillis());
            CpuUse cpuUsed = CpuUse.read(workers).minus(cpuBefore);
            double compilerSeconds = compilers.seconds() - compilerSecondsBefore;
            Thread.sleep(STATS_ARRIVAL_MILLIS);
            BenchStack.Counters counters = stack.counters().minus(countersBefore);

            long[] startedMicros = new long[total];
            try (var connection = stack.openDatabase(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT (payload->>'i')::int, "
                         + "(extract(epoch FROM started_at) * 1000000)::bigint FROM jobs "
                         + "WHERE started_at IS NOT NULL AND (payload->>'i')::int >= 0")) {
                while (rows.next()) {
                    startedMicros[rows.getInt(1)] = rows.getLong(2);
                }
            }

            if (options.samples() != null) {
                writeSamples(options.samples(), due, called, acknowledged, startedMicros, ids, tap);
            }
            int measured = total;
            double[] enqueueCall = new double[measured];
            double[] toStart = new double[measured];
            double[] toComplete = new double[measured];
            int calls = 0;
            int starts = 0;
            int completions = 0;
            for (int k = 0; k < total; k++) {
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
            result.put("settle_secs", settling.seconds());
            result.put("settle_jobs", settling.submitted());
            result.put("compiler_cores_in_window", round2(compilerSeconds / options.secs()));
            result.put("measured_jobs", measured);
            result.put("workers", workerCount);
            result.put("errors", errors.get());
            result.put("achieved_rate", Math.round(achievedRate));
            result.set("enqueue_call_ms", Summary.of(Arrays.copyOf(enqueueCall, calls)).toJson());
            result.set("to_start_ms", Summary.of(Arrays.copyOf(toStart, starts)).toJson());
            result.set("to_complete_ms", Summary.of(Arrays.copyOf(toComplete, completions)).toJson());
            // The producer runs in this process, so "bench" is the producer's CPU plus the measuring's.
            result.set("cpu_ms_per_job", cpuUsed.perJobMillis(total, true));
            result.set("cost_per_job", counters.perJob(total));
            ObjectNode missing = result.putObject("missing");
            missing.put("start", measured - starts);
            missing.put("complete", measured - completions);
            result.put("config", options.describe());
            return result;
        }
    }
}
