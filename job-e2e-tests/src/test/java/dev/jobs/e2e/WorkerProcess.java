package dev.jobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A worker in its own JVM, started from the worker's executable jar, so a test can kill it for real. */
final class WorkerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "job-worker", "target", "job-worker-0.1.0-SNAPSHOT-exec.jar");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(Map<String, Object> environment, String name) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Worker jar " + JAR.toAbsolutePath() + " is missing: build it with ./mvnw package");
        }
        Path log = Path.of("target", name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment.forEach((key, value) -> builder.environment().put(key, value.toString()));
        return new WorkerProcess(builder.start(), log);
    }

    /** Waits until the worker consumes its queues. */
    void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Consuming queues")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Worker exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Worker not ready within " + limit + "; log:\n" + Files.readString(log));
    }

    /** SIGKILL: the worker gets no chance to ack, nack or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit status once the worker stopped. */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Worker did not stop within " + limit + " after SIGTERM");
        }
        return process.exitValue();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
