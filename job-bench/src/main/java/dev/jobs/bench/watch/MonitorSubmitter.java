package dev.jobs.bench.watch;

import dev.jobs.api.JobOptions;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.client.SubmitResult;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits one {@code monitor-training-status} job per run with {@code submitAll}, in batches spread evenly over one
 * check interval, and registers completion callbacks for every job. Spreading the submits spreads the first checks,
 * and with a fixed interval every later check keeps that spacing, so the worker gets a steady poll rate.
 *
 * <p>Registering a callback reads the job's row, so registrations run on a thread of their own and do not hold up
 * the next batch. A callback registered after its job ended fires at once, so registering late loses nothing.
 */
final class MonitorSubmitter implements AutoCloseable {

    /** Maximum jobs per {@code submitAll} call. */
    static final int MAX_BATCH = 100;

    /** Batches per check interval at least, so that small runs are spread too. */
    static final int MIN_BATCHES = 20;

    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ExecutorService registrar = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("watch-callbacks").daemon().factory());
    private final List<Future<?>> registrations = new ArrayList<>();

    /** Callbacks that reported success so far. */
    int succeeded() {
        return succeeded.get();
    }

    /** Callbacks that reported failure or cancellation so far. */
    int failed() {
        return failed.get();
    }

    /**
     * Submits every run's job, sleeping between batches so that they spread over {@code spread}. When submitting
     * falls behind, the next batch goes at once. Returns the time the submits took.
     */
    Duration submit(JobManager manager, List<SimulatedRuns.Run> runs, JobOptions options, Duration spread) {
        int batchSize = Math.max(1, Math.min(MAX_BATCH, (int) Math.ceil(runs.size() / (double) MIN_BATCHES)));
        int batches = (runs.size() + batchSize - 1) / batchSize;
        long stepNanos = spread.toNanos() / batches;
        long start = System.nanoTime();
        for (int batch = 0; batch < batches; batch++) {
            long due = start + batch * stepNanos;
            long wait = due - System.nanoTime();
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                wait = due - System.nanoTime();
            }
            List<SimulatedRuns.Run> slice = runs.subList(batch * batchSize, Math.min(runs.size(), (batch + 1) * batchSize));
            List<ObjectNode> payloads = new ArrayList<>(slice.size());
            for (SimulatedRuns.Run run : slice) {
                payloads.add(JsonNodeFactory.instance.objectNode()
                        .put("runpodJobId", run.runpodJobId())
                        .put("endpointId", run.endpointId()));
            }
            List<SubmitResult> results = manager.client().submitAll(MonitorTrainingPayload.TYPE, payloads, options);
            registrations.add(registrar.submit(() -> {
                for (SubmitResult result : results) {
                    manager.onCompletion(result.job().id(), output -> succeeded.incrementAndGet(),
                            error -> failed.incrementAndGet());
                }
            }));
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until every job's callbacks are registered, raising the first registration's error. */
    void awaitRegistered(Duration limit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Future<?> registration : registrations) {
            registration.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        registrar.shutdownNow();
    }
}
