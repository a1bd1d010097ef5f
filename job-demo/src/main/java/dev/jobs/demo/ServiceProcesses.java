package dev.jobs.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the demo's services as child JVMs with their output in log files, waits until they are ready, and
 * stops every one of them: SIGTERM first, then SIGKILL for those still alive after {@link #STOP_GRACE}.
 */
final class ServiceProcesses {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcesses.class);

    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration READY_POLL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 15;

    /** Tells whether a started service accepts work yet. */
    @FunctionalInterface
    interface ReadinessCheck {
        boolean isReady(Service service);
    }

    /**
     * One started child JVM.
     *
     * @param startedNanos {@link System#nanoTime()} when the process was started
     */
    record Service(String name, Process process, long startedNanos, Path logFile, ReadinessCheck readiness) {

        /** Returns the log written so far; bytes that are not UTF-8 become replacement characters. */
        String logText() {
            try {
                return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** A service exited or was not ready in time; the message points to its log file. */
    static final class StartupFailedException extends Exception {
        StartupFailedException(String message) {
            super(message);
        }
    }

    private final String javaCommand;
    private final List<Service> services = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    ServiceProcesses(String javaCommand) {
        this.javaCommand = javaCommand;
    }

    /** Returns the {@code java} binary of this JVM, so the children run on the same JDK. */
    static String currentJavaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Starts {@code java -jar jar} with the extra environment, standard output and error going to {@code logFile}.
     *
     * @throws IOException when the process cannot be started
     */
    Service start(String name, Path jar, Map<String, String> environment, Path logFile, ReadinessCheck readiness)
            throws IOException {
        if (stopped.get()) {
            throw new IllegalStateException("Services are being stopped; not starting " + name);
        }
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-jar", jar.toString());
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile.toFile());
        Service service = new Service(name, builder.start(), System.nanoTime(), logFile, readiness);
        services.add(service);
        log.info("Started {} (pid {}), log {}", name, service.process().pid(), logFile);
        return service;
    }

    /**
     * Waits until every started service is ready.
     *
     * @throws StartupFailedException when one exits first or is not ready within {@code timeout} of its start
     */
    void awaitReady(Duration timeout) throws StartupFailedException, InterruptedException {
        Set<Service> waiting = new LinkedHashSet<>(services);
        while (!waiting.isEmpty()) {
            for (Service service : List.copyOf(waiting)) {
                long runningNanos = System.nanoTime() - service.startedNanos();
                if (service.readiness().isReady(service)) {
                    waiting.remove(service);
                    log.info("{} is ready {} ms after its start", service.name(), runningNanos / 1_000_000);
                } else if (!service.process().isAlive()) {
                    throw new StartupFailedException(service.name() + " exited with code " + service.process().exitValue()
                            + " before it was ready. See " + service.logFile() + tail(service));
                } else if (runningNanos > timeout.toNanos()) {
                    throw new StartupFailedException(service.name() + " was not ready " + timeout.toSeconds()
                            + " s after its start. See " + service.logFile() + tail(service));
                }
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(READY_POLL.toMillis());
            }
        }
    }

    /** Sends SIGKILL, as a crash or an out-of-memory kill would, and waits up to {@link #STOP_GRACE} for the exit. */
    void kill(Service service) throws InterruptedException {
        service.process().destroyForcibly();
        service.process().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Killed {} (pid {}) with SIGKILL", service.name(), service.process().pid());
    }

    /** Stops every service that is still alive; later calls do nothing. */
    void stopAll() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        List<Service> alive = new ArrayList<>();
        for (Service service : services) {
            if (service.process().isAlive()) {
                service.process().destroy();
                alive.add(service);
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Service service : alive) {
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                if (service.process().waitFor(remaining, TimeUnit.NANOSECONDS)) {
                    log.info("Stopped {} (pid {})", service.name(), service.process().pid());
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            service.process().destroyForcibly();
            log.warn("{} (pid {}) did not stop within {} s of SIGTERM; sent SIGKILL", service.name(),
                    service.process().pid(), STOP_GRACE.toSeconds());
        }
    }

    private static String tail(Service service) {
        List<String> lines = service.logText().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return last.isEmpty() ? "" : "\nLast lines of the log:\n  " + String.join("\n  ", last);
    }
}
