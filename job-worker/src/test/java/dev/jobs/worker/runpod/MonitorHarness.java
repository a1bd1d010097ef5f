package dev.jobs.worker.runpod;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.runpod.simulator.RunPodSimulator;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.SimulatorSettings;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A simulator on 127.0.0.1 and a monitor handler with a real client pointed at it, plus the job context the
 * worker core would pass: each {@link #check} feeds the previous outcome's status into the next context.
 */
final class MonitorHarness implements AutoCloseable {

    static final String ENDPOINT = "endpoint-1";
    static final Duration FAST_POLL = Duration.ofMillis(50);

    final RunPodSimulator simulator;
    final RunPodStatusClient client;
    final TrainingMonitorHandler handler;
    final UUID jobId = UUID.randomUUID();
    Instant startedAt = Instant.now();
    int checks;
    String runpodStatus;

    MonitorHarness(UnaryOperator<RunPodSettings> customize) {
        this(SimulatorSettings.defaults(), customize);
    }

    MonitorHarness(SimulatorSettings simulatorSettings, UnaryOperator<RunPodSettings> customize) {
        simulator = RunPodSimulator.start(simulatorSettings);
        RunPodSettings settings = new RunPodSettings(SimulatorSettings.DEFAULT_API_KEY, URI.create(simulator.baseUrl()),
                Duration.ofSeconds(2)).withPolling(Duration.ofMillis(20), Duration.ofMillis(200));
        client = new RunPodStatusClient(customize.apply(settings));
        handler = new TrainingMonitorHandler(client);
    }

    String createJob(Scenario scenario) {
        return simulator.createJob(ENDPOINT, scenario);
    }

    JobContext context(String runpodJobId, boolean cancelOnTimeout) {
        ObjectNode payload = MessageCodec.mapper().createObjectNode()
                .put("runpodJobId", runpodJobId)
                .put("endpointId", ENDPOINT)
                .put("cancelOnTimeout", cancelOnTimeout);
        return new JobContext(jobId, "monitor-training-status", payload, 1, 4, checks, startedAt,
                startedAt.plus(Duration.ofHours(1)), FAST_POLL, runpodStatus);
    }

    /** Runs one check as the worker core would and records what the core would store. */
    HandlerOutcome check(String runpodJobId) {
        HandlerOutcome outcome = handler.handle(context(runpodJobId, true));
        checks++;
        if (outcome.runpodStatus() != null) {
            runpodStatus = outcome.runpodStatus();
        }
        return outcome;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
