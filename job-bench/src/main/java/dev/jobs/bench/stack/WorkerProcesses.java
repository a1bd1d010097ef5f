package dev.jobs.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes started from the worker's executable jar with the bench's prefix and database. Each writes its
 * output to a log file; a worker counts as ready once it logs that it consumes its queues.
 */
public final class WorkerProcesses implements AutoCloseable {

    private static final String READY_LINE = "Consuming queues";
    private static final long READY_LIMIT_MILLIS = 120_000;
    private static final long STOP_LIMIT_SECONDS = 45;

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private long spawnedMicros;
    private long readyMicros;
    private Thread exitCleanup;

    /** Starts {@code count} workers and waits until every one consumes; the environment comes from {@code env}. */
    public static WorkerProcesses start(int count, Path jar, Path logDirectory, Map<String, String> env) throws IOException,
            InterruptedException {
        WorkerProcesses workers = new WorkerProcesses();
        String java = ProcessHandle.current().info().command().orElse("java");
        workers.spawnedMicros = Clock.nowMicros();
        for (int i = 0; i < count; i++) {
            Path log = Files.createTempFile(logDirectory, "worker-" + i + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> processEnv = builder.environment();
            processEnv.putAll(env);
            workers.processes.add(builder.start());
            workers.logs.add(log);
        }
        workers.exitCleanup = ExitCleanup.register("the worker processes", workers);
        workers.awaitReady();
        return workers;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + READY_LIMIT_MILLIS;
        for (int i = 0; i < processes.size(); i++) {
            while (!Files.readString(logs.get(i)).contains(READY_LINE)) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException("Worker " + i + " exited with status " + processes.get(i).exitValue()
                            + " before consuming; see " + logs.get(i));
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Worker " + i + " did not start consuming within "
                            + READY_LIMIT_MILLIS / 1000 + " s; see " + logs.get(i));
                }
                Thread.sleep(10);
            }
        }
        readyMicros = Clock.nowMicros();
    }

    public long spawnedMicros() {
        return spawnedMicros;
    }

    /** When the last worker was seen consuming, an upper bound of its start by the 10 ms log poll. */
    public long readyMicros() {
        return readyMicros;
    }

    public List<Path> logs() {
        return logs;
    }

    /** Process ids of the workers, in start order. */
    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Returns whether every worker is still running. */
    public boolean allAlive() {
        return processes.stream().allMatch(Process::isAlive);
    }

    /** Sends SIGTERM to every worker and waits for it to exit, killing it after {@value #STOP_LIMIT_SECONDS} s. */
    @Override
    public void close() throws InterruptedException {
        if (exitCleanup != null) {
            ExitCleanup.unregister(exitCleanup);
        }
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static Map<String, String> environment(String prefix, String databaseUrl, String amqpUri, Integer concurrency,
                                           Integer prefetch) {
        Map<String, String> env = new HashMap<>();
        env.put("JOB_PREFIX", prefix);
        env.put("JOB_DATABASE_URL", databaseUrl);
        env.put("JOB_DATABASE_USER", "postgres");
        env.put("JOB_AMQP_URI", amqpUri);
        env.put("RUNPOD_API_KEY", "unused");
        env.put("JOB_METRICS_PORT", "0");
        if (concurrency != null) {
            env.put("JOB_CONCURRENCY", concurrency.toString());
        }
        if (prefetch != null) {
            env.put("JOB_PREFETCH", prefetch.toString());
        }
        return env;
    }
}
