package dev.jobs.demo;

import dev.jobs.api.JobOptions;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.runpod.ModelClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts the planned RunPod jobs through the RunPod API and submits one monitor job for each, through
 * {@link ModelClient} or through the producer service, registering the ledger's callbacks either way.
 */
final class JobSubmitter {

    private final ModelClient modelClient;
    private final JobManager manager;
    private final ProducerServiceClient producerService;
    private final CallbackLedger ledger;
    private final String endpointId;
    private final Duration defaultTimeout;
    private final PrintStream out;

    /** @param defaultTimeout the timeout sent to the producer service for jobs whose plan sets none */
    JobSubmitter(ModelClient modelClient, JobManager manager, ProducerServiceClient producerService, CallbackLedger ledger,
                 String endpointId, Duration defaultTimeout, PrintStream out) {
        this.modelClient = modelClient;
        this.manager = manager;
        this.producerService = producerService;
        this.ledger = ledger;
        this.endpointId = endpointId;
        this.defaultTimeout = defaultTimeout;
        this.out = out;
    }

    /** Starts every RunPod job, then submits every monitor; returns the jobs in plan order. */
    List<SubmittedJob> submitAll(List<PlannedJob> plans) {
        long started = System.nanoTime();
        List<String> runpodJobIds = new ArrayList<>(plans.size());
        for (PlannedJob plan : plans) {
            runpodJobIds.add(modelClient.startTrainingJob(plan.runpodInput()));
        }
        out.printf("Started %d RunPod jobs on endpoint %s in %.1f s%n", plans.size(), endpointId, secondsSince(started));

        started = System.nanoTime();
        List<SubmittedJob> submitted = new ArrayList<>(plans.size());
        int viaService = 0;
        for (int i = 0; i < plans.size(); i++) {
            PlannedJob plan = plans.get(i);
            UUID jobId = plan.viaProducerService() ? submitThroughService(plan, runpodJobIds.get(i))
                    : submitThroughModelClient(plan, runpodJobIds.get(i));
            viaService += plan.viaProducerService() ? 1 : 0;
            submitted.add(new SubmittedJob(plan, runpodJobIds.get(i), jobId));
        }
        out.printf("Submitted %d monitor jobs (%d through ModelClient, %d through POST /jobs) in %.1f s%n",
                submitted.size(), submitted.size() - viaService, viaService, secondsSince(started));
        return List.copyOf(submitted);
    }

    private UUID submitThroughModelClient(PlannedJob plan, String runpodJobId) {
        JobOptions options = plan.timeout() == null ? JobOptions.defaults() : JobOptions.defaults().withTimeout(plan.timeout());
        return modelClient.monitorTrainingJob(runpodJobId, options, ledger.onSuccess(plan.index()),
                ledger.onError(plan.index()));
    }

    private UUID submitThroughService(PlannedJob plan, String runpodJobId) {
        Duration timeout = plan.timeout() == null ? defaultTimeout : plan.timeout();
        UUID jobId = producerService.submitMonitor(runpodJobId, endpointId, timeout);
        manager.onCompletion(jobId, ledger.onSuccess(plan.index()), ledger.onError(plan.index()));
        return jobId;
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
