package dev.jobs.bench.watch;

import dev.jobs.runpod.simulator.RequestLog;
import dev.jobs.runpod.simulator.RunPodSimulator;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.SimulatorSettings;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The RunPod side of the workload: an in-process simulator on a free 127.0.0.1 port, with RunPod's documented rate
 * limits, and the runs created in it at one moment. Each run starts at once (no queue time) and completes after a
 * run time drawn uniformly from the options' range with the options' seed.
 *
 * <p>RunPod allows 2000 status requests per 10 s per endpoint, so the runs are spread over enough endpoints to keep
 * each one at half of that when every run is checked once per interval.
 */
final class SimulatedRuns implements AutoCloseable {

    /** Status requests per second that one endpoint gets at most: half of RunPod's 200 per second. */
    static final int POLLS_PER_ENDPOINT = 100;

    /** A run in the simulator and the endpoint it belongs to. */
    record Run(String runpodJobId, String endpointId, Duration runTime) {
    }

    private final RunPodSimulator simulator;
    private final int endpoints;
    private List<Run> runs = List.of();
    private Instant createdAt;

    private SimulatedRuns(RunPodSimulator simulator, int endpoints) {
        this.simulator = simulator;
        this.endpoints = endpoints;
    }

    /** Starts a simulator on a free 127.0.0.1 port, with no runs yet. */
    static SimulatedRuns start(WatchOptions options) {
        int endpoints = endpointsFor(options.plannedPollsPerSecond());
        return new SimulatedRuns(RunPodSimulator.start(SimulatorSettings.defaults()), endpoints);
    }

    /** Creates every run; each run's time counts from this call. */
    void createRuns(WatchOptions options) {
        Random random = new Random(options.seed());
        long spanMillis = options.runMax().toMillis() - options.runMin().toMillis();
        List<Run> created = new ArrayList<>(options.runs());
        createdAt = Instant.now();
        for (int i = 0; i < options.runs(); i++) {
            Duration runTime = options.runMin().plusMillis((long) (random.nextDouble() * spanMillis));
            String endpointId = "watch-" + (i % endpoints);
            Scenario scenario = Scenario.completes(Duration.ZERO, runTime,
                    JsonNodeFactory.instance.objectNode().put("run", i).put("loss", 0.1));
            created.add(new Run(simulator.createJob(endpointId, scenario), endpointId, runTime));
        }
        runs = List.copyOf(created);
    }

    static int endpointsFor(double pollsPerSecond) {
        return Math.max(1, (int) Math.ceil(pollsPerSecond / POLLS_PER_ENDPOINT));
    }

    List<Run> runs() {
        return runs;
    }

    int endpoints() {
        return endpoints;
    }

    String baseUrl() {
        return simulator.baseUrl();
    }

    String apiKey() {
        return SimulatorSettings.DEFAULT_API_KEY;
    }

    /** When the first run ends: no job can complete before this. */
    Instant firstEnd() {
        return createdAt.plus(runs.stream().map(Run::runTime).min(Duration::compareTo).orElseThrow());
    }

    /** When the last run ends. */
    Instant lastEnd() {
        return createdAt.plus(runs.stream().map(Run::runTime).max(Duration::compareTo).orElseThrow());
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Empties the simulator's request log, so it holds only requests from now on. */
    void clearRequestLog() {
        simulator.requestLog().clear();
    }

    /** The requests logged since the last {@link #clearRequestLog()}, oldest first. */
    List<RequestLog.Entry> requests() {
        return simulator.requestLog().entries();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
