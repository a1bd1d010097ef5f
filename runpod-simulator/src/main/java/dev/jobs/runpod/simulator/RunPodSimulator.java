package dev.jobs.runpod.simulator;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.runpod.simulator.http.ApiKeyFilter;
import dev.jobs.runpod.simulator.http.ControlApiHandler;
import dev.jobs.runpod.simulator.http.NotFoundHandler;
import dev.jobs.runpod.simulator.http.RequestLogFilter;
import dev.jobs.runpod.simulator.http.RunPodApiHandler;
import dev.jobs.runpod.simulator.job.ExecutionPolicy;
import dev.jobs.runpod.simulator.job.JobRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server that behaves like RunPod's serverless job API ({@code /v2/{endpointId}/run},
 * {@code status}, {@code cancel}, {@code health}) and serves a control API under {@code /_simulator}.
 *
 * <p>Jobs follow scripted {@link Scenario scenarios}, and their status is derived from the system clock
 * when requested. Start one with {@link #start(SimulatorSettings)} and close it when done.
 */
public final class RunPodSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunPodSimulator.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final JobRegistry jobs;
    private final RequestLog requestLog;
    private final String baseUrl;

    private RunPodSimulator(HttpServer server, ExecutorService executor, JobRegistry jobs, RequestLog requestLog) {
        this.server = server;
        this.executor = executor;
        this.jobs = jobs;
        this.requestLog = requestLog;
        this.baseUrl = "http://" + urlHost(server.getAddress().getAddress()) + ":" + server.getAddress().getPort();
    }

    /**
     * Starts a simulator that listens on the loopback address only, because its control API has no
     * authentication.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static RunPodSimulator start(SimulatorSettings settings) {
        return start(settings, InetAddress.getLoopbackAddress());
    }

    /**
     * Starts a simulator that listens on {@code bindAddress}, for example {@code 0.0.0.0} inside a container.
     * Anyone who can reach that address can script jobs through the control API.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static RunPodSimulator start(SimulatorSettings settings, InetAddress bindAddress) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Clock clock = Clock.systemUTC();
        JobRegistry jobs = new JobRegistry(
                clock, settings.seed(), settings.resultRetention(), settings.defaultScenario());
        RequestLog requestLog = new RequestLog();

        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Failed to bind the RunPod simulator to " + bindAddress.getHostAddress() + ":" + settings.port()
                            + "; choose a free port, or 0 for any free port", e);
        }
        RequestLogFilter logFilter = new RequestLogFilter(requestLog, clock);
        HttpContext runPodContext =
                addContext(server, RunPodApiHandler.CONTEXT_PATH, new RunPodApiHandler(jobs), logFilter);
        runPodContext.getFilters().add(new ApiKeyFilter(settings.apiKey()));
        addContext(server, ControlApiHandler.CONTEXT_PATH, new ControlApiHandler(jobs, requestLog), logFilter);
        addContext(server, "/", new NotFoundHandler(), logFilter);

        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();

        RunPodSimulator simulator = new RunPodSimulator(server, executor, jobs, requestLog);
        log.info("RunPod simulator listening on {}", simulator.baseUrl());
        return simulator;
    }

    /** Returns the URL to send requests to, such as {@code http://127.0.0.1:8089}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Returns the port the simulator listens on, which is the chosen free port if the settings asked for 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the log of the requests handled so far. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /**
     * Scripts the path of job {@code jobId}. An existing job switches to the scenario at once, and its timeline
     * still counts from its creation. A job created later with that id follows the scenario, whatever its
     * creation request asked for.
     */
    public void script(String jobId, Scenario scenario) {
        jobs.script(jobId, scenario);
    }

    /**
     * Creates a job on {@code endpointId} as if {@code /run} had been called, and returns its id.
     * The job follows the scenario unless one was scripted for the generated id.
     */
    public String createJob(String endpointId, Scenario scenario) {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(scenario, "scenario");
        return jobs.create(endpointId, null, scenario, ExecutionPolicy.NONE).id();
    }

    /** Stops the server at once, dropping requests in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.close();
        log.info("RunPod simulator on {} stopped", baseUrl);
    }

    private static HttpContext addContext(
            HttpServer server, String path, HttpHandler handler, RequestLogFilter logFilter) {
        HttpContext context = server.createContext(path, handler);
        context.getFilters().add(logFilter);
        return context;
    }

    private static String urlHost(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = address.getHostAddress();
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }
}
