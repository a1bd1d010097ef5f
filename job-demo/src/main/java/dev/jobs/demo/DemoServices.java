package dev.jobs.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four child JVMs of the demo: the RunPod simulator, the producer HTTP service and two workers, all on one
 * AMQP prefix and one database. Ports are picked free on 127.0.0.1 just before the start.
 */
final class DemoServices {

    /** The RunPod API key the simulator accepts and every client sends. */
    static final String RUNPOD_API_KEY = "sim-key";

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    static final String WORKER_READY_LINE = "Consuming queues";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceProcesses processes;
    private final Path logDirectory;
    private final Path simulatorJar;
    private final Path producerJar;
    private final Path workerJar;
    private URI simulatorUrl;
    private URI producerUrl;
    private final List<ServiceProcesses.Service> workers = new ArrayList<>();

    /**
     * Finds the services' jars under {@code root} before anything starts.
     *
     * @throws IllegalStateException naming a missing jar and how to build it
     */
    DemoServices(ServiceProcesses processes, Path root, Path logDirectory) {
        this.processes = processes;
        this.logDirectory = logDirectory;
        this.simulatorJar = findJar(root, "runpod-simulator");
        this.producerJar = findJar(root, "job-producer");
        this.workerJar = findJar(root, "job-worker");
    }

    /**
     * Finds {@code <module>/target/<module>-*-exec.jar} under the root.
     *
     * @throws IllegalStateException naming the missing jar and how to build it
     */
    static Path findJar(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Listing " + target + " failed", e);
            }
        }
        throw new IllegalStateException("Missing " + root.relativize(target) + "/" + module + "-*-exec.jar under "
                + root + ": build it with ./jobs build, or pass the repository root with --root DIR");
    }

    /**
     * Starts all four services without waiting; {@link ServiceProcesses#awaitReady} waits for them.
     *
     * @param sharedEnvironment given to every service: {@code JOB_PREFIX}, {@code JOB_DATABASE_URL},
     *                          {@code JOB_AMQP_URI} and the job defaults such as {@code JOB_POLL_INTERVAL_MS}
     * @throws IOException when a port cannot be picked, the log directory cannot be created or a JVM cannot start
     */
    void startAll(Map<String, String> sharedEnvironment, long simulatorSeed) throws IOException {
        Files.createDirectories(logDirectory);

        int simulatorPort = freePort();
        simulatorUrl = URI.create("http://127.0.0.1:" + simulatorPort);
        Map<String, String> simulatorEnvironment = new HashMap<>(sharedEnvironment);
        simulatorEnvironment.put("SIMULATOR_PORT", Integer.toString(simulatorPort));
        simulatorEnvironment.put("RUNPOD_API_KEY", RUNPOD_API_KEY);
        // A seed per run gives each run its own RunPod job ids, which keeps rows of earlier runs apart.
        simulatorEnvironment.put("SIMULATOR_SEED", Long.toString(simulatorSeed));
        processes.start("simulator", simulatorJar, simulatorEnvironment, logDirectory.resolve("simulator.log"),
                service -> answers200(simulatorUrl.resolve("/_simulator/health")));

        int producerPort = freePort();
        producerUrl = URI.create("http://127.0.0.1:" + producerPort);
        Map<String, String> producerEnvironment = new HashMap<>(sharedEnvironment);
        producerEnvironment.put("JOB_HTTP_PORT", Integer.toString(producerPort));
        producerEnvironment.put("SERVER_ADDRESS", "127.0.0.1");
        processes.start("producer", producerJar, producerEnvironment, logDirectory.resolve("producer.log"),
                service -> answers200(producerUrl.resolve("/actuator/health")));

        Map<String, String> workerEnvironment = new HashMap<>(sharedEnvironment);
        workerEnvironment.put("RUNPOD_BASE_URL", simulatorUrl.toString());
        workerEnvironment.put("RUNPOD_API_KEY", RUNPOD_API_KEY);
        // Well under the 10 s SIGTERM grace of ServiceProcesses, so a stopping worker is never force-killed.
        workerEnvironment.put("JOB_SHUTDOWN_GRACE_MS", "5000");
        // Each worker serves health and metrics on a port of its own; two workers share this host.
        workerEnvironment.put("JOB_METRICS_PORT", "0");
        workerEnvironment.put("SERVER_ADDRESS", "127.0.0.1");
        for (int number = 1; number <= 2; number++) {
            workers.add(processes.start("worker-" + number, workerJar, workerEnvironment,
                    logDirectory.resolve("worker-" + number + ".log"),
                    service -> service.logText().contains(WORKER_READY_LINE)));
        }
    }

    URI simulatorUrl() {
        return simulatorUrl;
    }

    URI producerUrl() {
        return producerUrl;
    }

    /** Returns worker 1 or 2. */
    ServiceProcesses.Service worker(int number) {
        return workers.get(number - 1);
    }

    private static boolean answers200(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // NOTE: another process can take the port before the child binds it. The child then fails to start, and
    // awaitReady reports that with its log.
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
