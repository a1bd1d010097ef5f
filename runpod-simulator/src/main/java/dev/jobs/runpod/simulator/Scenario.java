package dev.jobs.runpod.simulator;

import dev.jobs.runpod.simulator.job.JobStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Scripted path of one simulated job: how long it waits in the queue, how long it runs and how it ends.
 *
 * <p>A {@code null} {@code runTime} means the job never ends by itself and stays {@code IN_PROGRESS}
 * until it is cancelled or hits an execution timeout. Such a scenario may have a {@code null} {@code finalStatus}.
 *
 * @param queueTime time spent {@code IN_QUEUE}, zero or more
 * @param runTime time spent {@code IN_PROGRESS}, zero or more, or {@code null} to run forever
 * @param finalStatus one of {@code COMPLETED}, {@code FAILED}, {@code CANCELLED} or {@code TIMED_OUT}
 * @param output the job output reported when the job is {@code COMPLETED}, or {@code null} for none
 * @param error the error message reported when the job is {@code FAILED}, or {@code null} for none
 * @param progress updates the job's handler sends while {@code IN_PROGRESS}, as RunPod's
 *     {@code runpod.serverless.progress_update} does: {@code /status} reports the latest one reached in its
 *     {@code output} field until the job ends. Empty for none.
 */
public record Scenario(
        Duration queueTime, Duration runTime, String finalStatus, JsonNode output, String error,
        List<ProgressUpdate> progress) {

    /**
     * One progress update.
     *
     * @param at time since the job started running
     * @param output the value reported in {@code output} from then on
     */
    public record ProgressUpdate(Duration at, JsonNode output) {

        /** Validates the components. */
        public ProgressUpdate {
            Objects.requireNonNull(at, "at must not be null");
            Objects.requireNonNull(output, "output must not be null");
            requireNotNegative("progress.at", at);
        }
    }

    /** Final statuses a scenario may end with. */
    public static final Set<String> FINAL_STATUSES = Set.of(
            JobStatus.COMPLETED.name(),
            JobStatus.FAILED.name(),
            JobStatus.CANCELLED.name(),
            JobStatus.TIMED_OUT.name());

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a duration is negative or the final status is not a final status
     */
    public Scenario {
        Objects.requireNonNull(queueTime, "queueTime must not be null");
        requireNotNegative("queueTime", queueTime);
        if (runTime != null) {
            requireNotNegative("runTime", runTime);
        }
        if (finalStatus == null && runTime != null) {
            throw new IllegalArgumentException(
                    "finalStatus is missing; a scenario that ends needs one of " + FINAL_STATUSES);
        }
        if (finalStatus != null && !FINAL_STATUSES.contains(finalStatus)) {
            throw new IllegalArgumentException(
                    "Invalid finalStatus '" + finalStatus + "'; expected one of " + FINAL_STATUSES);
        }
        if (output != null && output.isNull()) {
            output = null;
        }
        progress = progress == null ? List.of()
                : progress.stream().sorted(Comparator.comparing(ProgressUpdate::at)).toList();
    }

    /** Creates a scenario without progress updates. */
    public Scenario(Duration queueTime, Duration runTime, String finalStatus, JsonNode output, String error) {
        this(queueTime, runTime, finalStatus, output, error, List.of());
    }

    /** Returns this scenario with the given progress updates. */
    public Scenario withProgress(List<ProgressUpdate> updates) {
        return new Scenario(queueTime, runTime, finalStatus, output, error, updates);
    }

    /**
     * Returns the output of the latest progress update reached after running for {@code running}, or
     * {@code null} if none was reached yet.
     */
    public JsonNode progressAt(Duration running) {
        JsonNode latest = null;
        for (ProgressUpdate update : progress) {
            if (update.at().compareTo(running) > 0) {
                break;
            }
            latest = update.output();
        }
        return latest;
    }

    /** Creates a scenario that queues, runs and then ends {@code COMPLETED} with the given output. */
    public static Scenario completes(Duration queue, Duration run, JsonNode output) {
        Objects.requireNonNull(run, "run must not be null");
        return new Scenario(queue, run, JobStatus.COMPLETED.name(), output, null);
    }

    /** Creates a scenario that queues, runs and then ends {@code FAILED} with the given error message. */
    public static Scenario fails(Duration queue, Duration run, String error) {
        Objects.requireNonNull(run, "run must not be null");
        if (error == null || error.isBlank()) {
            throw new IllegalArgumentException("error must not be blank for a failing scenario");
        }
        return new Scenario(queue, run, JobStatus.FAILED.name(), null, error);
    }

    /** Creates a scenario that starts at once and stays {@code IN_PROGRESS} until cancelled. */
    public static Scenario runsForever() {
        return new Scenario(Duration.ZERO, null, null, null, null);
    }

    /** Returns whether the job never ends by itself. */
    public boolean isEndless() {
        return runTime == null;
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or more, but was " + value);
        }
    }
}
