package dev.jobs.worker.runpod;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.worker.handler.HandlerOutcome;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * The mapping from a RunPod status to our job's outcome, in one place (docs/runpod.md shows the same table):
 *
 * <pre>
 * IN_QUEUE, IN_PROGRESS, RUNNING, any unknown status -> check again (IN_PROGRESS output is the progress)
 * COMPLETED with output      -> complete: {output, delayTime, executionTime, gpuSeconds}
 * COMPLETED without output   -> complete with "outputMissing": true, or fail if RUNPOD_FAIL_ON_MISSING_OUTPUT
 * FAILED                     -> fail with RunPod's error text, whole
 * CANCELLED                  -> cancel
 * TIMED_OUT                  -> fail with a timeout error
 * </pre>
 *
 * HTTP errors are mapped by {@link TrainingMonitorHandler}, because they depend on what was seen before.
 */
final class RunPodOutcomes {

    private final boolean failOnMissingOutput;

    RunPodOutcomes(boolean failOnMissingOutput) {
        this.failOnMissingOutput = failOnMissingOutput;
    }

    /** Maps a status to an outcome; {@code nextCheck} is used only if the job is still in flight. */
    HandlerOutcome map(RunPodJobStatus status, Duration nextCheck) {
        return switch (status.status()) {
            case "COMPLETED" -> completed(status);
            case "FAILED" -> new HandlerOutcome.Fail(status.error() != null ? status.error()
                    : "RunPod reported FAILED without an error text", status.status());
            case "CANCELLED" -> new HandlerOutcome.Cancel("RunPod reports the job as CANCELLED", status.status());
            case "TIMED_OUT" -> new HandlerOutcome.Fail("RunPod timed the job out: it ran longer than the endpoint's"
                    + " execution timeout or its policy.executionTimeout"
                    + (status.error() == null ? "" : "; RunPod's error: " + status.error()), status.status());
            default -> {
                // RunPod sends progress updates in output while the job runs; other in-flight statuses have none.
                boolean progress = "IN_PROGRESS".equals(status.status()) && status.hasOutput();
                yield new HandlerOutcome.CheckAgain(nextCheck, status.status(), progress ? status.output() : null);
            }
        };
    }

    private HandlerOutcome completed(RunPodJobStatus status) {
        if (!status.hasOutput() && failOnMissingOutput) {
            return new HandlerOutcome.Fail("RunPod reported COMPLETED without output"
                    + " (RUNPOD_FAIL_ON_MISSING_OUTPUT is true)", status.status());
        }
        ObjectNode result = MessageCodec.mapper().createObjectNode();
        result.set("output", status.hasOutput() ? status.output() : null);
        result.put("delayTime", status.delayTime());
        result.put("executionTime", status.executionTime());
        if (status.executionTime() == null) {
            result.putNull("gpuSeconds");
        } else {
            result.put("gpuSeconds", status.executionTime() / 1000.0);
        }
        if (!status.hasOutput()) {
            result.put("outputMissing", true);
        }
        return new HandlerOutcome.Complete(result, status.status());
    }
}
