package dev.jobs.runpod.simulator;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.jobs.runpod.simulator.http.ApiKeyFilter;
import dev.jobs.runpod.simulator.http.ControlApiHandler;
import dev.jobs.runpod.simulator.http.NotFoundHandler;
import dev.jobs.runpod.simulator.http.RequestLogFilter;
import dev.jobs.runpod.simulator.http.RunPodApiHandler;
import dev.jobs.runpod.simulator.fault.Fault;
import dev.jobs.runpod.simulator.fault.FaultInjector;
import dev.jobs.runpod.simulator.fault.RequestRateLimiter;
import dev.jobs.runpod.simulator.job.ExecutionPolicy;
import dev.jobs.runpod.simulator.job.JobRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server that behaves like RunPod's serverless job API ({@code /v2/{endpointId}/run},
 * {@code runsync}, {@code status}, {@code stream}, {@code cancel}, {@code retry}, {@code purge-queue},
 * {@code health}) and serves a control API under {@code /_simulator}.
 *
 * <p>Jobs follow scripted {@link Scenario scenarios}, and their status is derived from a clock (the system
 * clock unless one is given) when requested. Faults scripted per job and rate limits change the responses. Start one with {@link #start(SimulatorSettings)} and close it when done.
 */
public final class RunPodSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunPodSimulator.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final JobRegistry jobs;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final String baseUrl;

    private RunPodSimulator(
            HttpServer server, ExecutorService executor, JobRegistry jobs, FaultInjector faults, RequestLog requestLog) {
        this.server = server;
        this.executor = executor;
        this.jobs = jobs;
        this.faults = faults;
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
        return start(settings, bindAddress, Clock.systemUTC());
    }

    /**
     * Starts a simulator on the loopback address whose jobs, retention, ttl, storms and rate-limit windows follow
     * {@code clock}, such as a virtual clock that a benchmark moves forward faster than real time. Slow responses and
     * {@code /runsync} waits still take wall-clock time.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static RunPodSimulator start(SimulatorSettings settings, Clock clock) {
        return start(settings, InetAddress.getLoopbackAddress(), clock);
    }

    private static RunPodSimulator start(SimulatorSettings settings, InetAddress bindAddress, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(clock, "clock");
        JobRegistry jobs = new JobRegistry(clock, settings.seed(), settings.jobLimits(), settings.defaultScenario());
        FaultInjector faults = new FaultInjector(clock);
        RequestRateLimiter rateLimiter = new RequestRateLimiter(settings.rateLimits(), clock);
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
                addContext(server, RunPodApiHandler.CONTEXT_PATH, new RunPodApiHandler(jobs, faults, rateLimiter), logFilter);
        runPodContext.getFilters().add(new ApiKeyFilter(settings.apiKey()));
        addContext(server, ControlApiHandler.CONTEXT_PATH, new ControlApiHandler(jobs, faults, requestLog), logFilter);
        addContext(server, "/", new NotFoundHandler(), logFilter);

        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();

        RunPodSimulator simulator = new RunPodSimulator(server, executor, jobs, faults, requestLog);
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

    /** Scripts faults for job {@code jobId}, used in order by its next requests of each fault's operation. */
    public void injectFaults(String jobId, Fault... jobFaults) {
        faults.add(Objects.requireNonNull(jobId, "jobId"), List.of(jobFaults));
    }

    /** Makes every status request of every job fail with {@code httpStatus} with an HTML body for {@code duration}. */
    public void storm(Duration duration, int httpStatus) {
        faults.storm(duration, httpStatus);
    }

    /** Deletes a job at once, as when its ttl passes mid-run; its requests then get 404. */
    public boolean deleteJob(String jobId) {
        return jobs.delete(jobId);
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
