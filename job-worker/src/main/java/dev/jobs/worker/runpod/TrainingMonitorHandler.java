package dev.jobs.worker.runpod;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;
import dev.jobs.worker.handler.PermanentJobException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a RunPod serverless job until it ends. Each call reads the status once: in flight means check again
 * after the poll interval; {@code COMPLETED} completes the job with RunPod's output and timings; {@code FAILED},
 * {@code CANCELLED} and {@code TIMED_OUT} fail it with RunPod's error or status. A status this code does not
 * know is treated as in flight, never as an end, and logged once per status.
 */
public final class TrainingMonitorHandler implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(TrainingMonitorHandler.class);

    private final RunPodStatusClient client;
    private final Set<String> unknownStatusesLogged = ConcurrentHashMap.newKeySet();

    public TrainingMonitorHandler(RunPodStatusClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return MonitorTrainingPayload.TYPE;
    }

    @Override
    public HandlerOutcome handle(JobContext context) {
        MonitorTrainingPayload payload = payloadOf(context);
        MDC.put("runpodJobId", payload.runpodJobId());

        RunPodJobStatus status;
        try {
            status = client.status(payload.endpointId(), payload.runpodJobId());
        } catch (RunPodUnavailableException e) {
            if (client.circuitState() != CircuitBreaker.State.OPEN) {
                throw e;
            }
            // During an outage the breaker is open: wait a poll interval without spending an attempt, because
            // the remote job keeps running whether or not we can see it. The job's timeout still bounds this.
            log.debug("RunPod unreachable, checking again in {} ms: {}", context.pollInterval().toMillis(), e.getMessage());
            return new HandlerOutcome.CheckAgain(context.pollInterval(), context.runpodStatus(), null);
        }

        if (status.isCompleted()) {
            ObjectNode result = MessageCodec.mapper().createObjectNode();
            result.set("output", status.output());
            result.put("delayTime", status.delayTime());
            result.put("executionTime", status.executionTime());
            return new HandlerOutcome.Complete(result, status.status());
        }
        if (status.isUnsuccessfulEnd()) {
            String error = status.error() != null ? status.error() : "RunPod job ended with status " + status.status();
            return new HandlerOutcome.Fail(error, status.status());
        }
        if (!status.isInFlight() && unknownStatusesLogged.add(status.status())) {
            log.warn("RunPod answered the unknown status '{}'; treating it as in flight", status.status());
        }
        return new HandlerOutcome.CheckAgain(context.pollInterval(), status.status(), null);
    }

    /** Cancels the RunPod job unless the payload says otherwise, so nobody keeps paying for an unwatched GPU. */
    @Override
    public String onTimeout(JobContext context) {
        MonitorTrainingPayload payload = payloadOf(context);
        if (!payload.cancelOnTimeout()) {
            return "RunPod job left running (cancelOnTimeout is false)";
        }
        try {
            RunPodJobStatus status = client.cancel(payload.endpointId(), payload.runpodJobId());
            log.info("Cancelled RunPod job {} after the timeout; RunPod reports {}", payload.runpodJobId(), status.status());
            return "RunPod cancel answered " + status.status();
        } catch (RuntimeException e) {
            log.warn("Cancelling RunPod job {} after the timeout failed: {}", payload.runpodJobId(), e.getMessage());
            return "RunPod cancel failed: " + e.getMessage();
        }
    }

    private static MonitorTrainingPayload payloadOf(JobContext context) {
        try {
            return MonitorTrainingPayload.from(context.payload());
        } catch (InvalidJobException e) {
            throw new PermanentJobException(e.getMessage(), e);
        }
    }
}
