package dev.jobs.runpod.simulator.job;

import dev.jobs.runpod.simulator.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One simulated job. It stores only its creation time, scenario, policy and cancellation time, and derives
 * its status for any instant from them, so no background thread has to advance jobs.
 */
public final class SimulatedJob {

    private final String id;
    private final String endpointId;
    private final String workerId;
    private final ExecutionPolicy policy;
    private final boolean synchronous;
    private volatile Instant createdAt;
    private volatile Scenario scenario;
    private volatile Instant cancelledAt;
    private int streamedChunks;

    /** Creates a job that entered the queue at {@code createdAt}. */
    public SimulatedJob(
            String id,
            String endpointId,
            Instant createdAt,
            String workerId,
            Scenario scenario,
            ExecutionPolicy policy) {
        this(id, endpointId, createdAt, workerId, scenario, policy, false);
    }

    /**
     * Creates a job that entered the queue at {@code createdAt}; {@code synchronous} marks one submitted with
     * {@code /runsync}, whose result RunPod keeps for a shorter time.
     */
    public SimulatedJob(
            String id,
            String endpointId,
            Instant createdAt,
            String workerId,
            Scenario scenario,
            ExecutionPolicy policy,
            boolean synchronous) {
        this.synchronous = synchronous;
        this.id = Objects.requireNonNull(id, "id");
        this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public String id() {
        return id;
    }

    public String endpointId() {
        return endpointId;
    }

    /** Returns whether the job was submitted with {@code /runsync}. */
    public boolean isSynchronous() {
        return synchronous;
    }

    /**
     * Puts a {@code FAILED} or {@code TIMED_OUT} job back in the queue at {@code now}, as RunPod's
     * {@code /retry} does. The job then follows its scenario again from the start and has no output.
     *
     * @return the state after the request, or empty if the job's status does not allow a retry
     */
    public synchronized Optional<JobView> retryAt(Instant now) {
        JobStatus status = viewAt(now).status();
        if (status != JobStatus.FAILED && status != JobStatus.TIMED_OUT) {
            return Optional.empty();
        }
        createdAt = now;
        cancelledAt = null;
        streamedChunks = 0;
        return Optional.of(viewAt(now));
    }

    /**
     * Returns the chunks a {@code /stream} request gets at {@code now}: the progress updates reached since the
     * previous request and, once the job has completed, its output as the last chunk. Each chunk is sent once.
     */
    public synchronized List<JsonNode> nextStreamChunks(Instant now) {
        JobView view = viewAt(now);
        Scenario current = scenario;
        Instant queueEnd = createdAt.plus(current.queueTime());
        List<JsonNode> all = new ArrayList<>();
        if (!now.isBefore(queueEnd)) {
            Instant until = view.status().isTerminal() ? ending().at() : now;
            Duration running = Duration.between(queueEnd, until);
            for (Scenario.ProgressUpdate update : current.progress()) {
                if (update.at().compareTo(running) <= 0) {
                    all.add(update.output());
                }
            }
        }
        if (view.status() == JobStatus.COMPLETED && view.output() != null) {
            all.add(view.output());
        }
        List<JsonNode> fresh = all.size() > streamedChunks ? all.subList(streamedChunks, all.size()) : List.of();
        streamedChunks = all.size();
        return List.copyOf(fresh);
    }

    /** Replaces the scenario. The timeline still counts from the original creation time. */
    public synchronized void rescript(Scenario newScenario) {
        scenario = Objects.requireNonNull(newScenario, "newScenario");
    }

    /**
     * Cancels the job at {@code now} unless it has already ended.
     *
     * @return the state after the request, which keeps the earlier final status if the job had already ended
     */
    public synchronized JobView cancelAt(Instant now) {
        if (!viewAt(now).status().isTerminal()) {
            cancelledAt = now;
        }
        return viewAt(now);
    }

    /** Returns whether the job should be reported as not found at {@code now}. */
    public boolean isGoneAt(Instant now, Duration resultRetention) {
        if (policy.ttl() != null && !now.isBefore(createdAt.plus(policy.ttl()))) {
            return true;
        }
        Ending ending = ending();
        return ending != null && !now.isBefore(ending.at().plus(resultRetention));
    }

    /** Derives the job's state at {@code now}. */
    public JobView viewAt(Instant now) {
        Scenario current = scenario;
        Instant queueEnd = createdAt.plus(current.queueTime());
        Ending ending = ending();

        if (ending != null && !now.isBefore(ending.at())) {
            return endedView(current, queueEnd, ending);
        }
        if (now.isBefore(queueEnd)) {
            return new JobView(id, JobStatus.IN_QUEUE, null, null, null, null, null);
        }
        long delayMillis = current.queueTime().toMillis();
        JsonNode progress = current.progressAt(Duration.between(queueEnd, now));
        return new JobView(id, JobStatus.IN_PROGRESS, delayMillis, null, workerId, progress, null);
    }

    private JobView endedView(Scenario current, Instant queueEnd, Ending ending) {
        boolean startedRunning = !ending.at().isBefore(queueEnd);
        Instant leftQueueAt = startedRunning ? queueEnd : ending.at();
        long delayMillis = Duration.between(createdAt, leftQueueAt).toMillis();
        long executionMillis = startedRunning ? Duration.between(queueEnd, ending.at()).toMillis() : 0;
        return new JobView(
                id,
                ending.status(),
                delayMillis,
                executionMillis,
                startedRunning ? workerId : null,
                ending.status() == JobStatus.COMPLETED ? current.output() : null,
                ending.status() == JobStatus.FAILED ? current.error() : null);
    }

    /**
     * Returns when and how the job ends, or {@code null} if it runs until cancelled. A cancellation only
     * counts if it came before the scripted end, because a script replaced after cancelling may end earlier.
     */
    private Ending ending() {
        Scenario current = scenario;
        Instant cancelled = cancelledAt;
        Instant queueEnd = createdAt.plus(current.queueTime());
        Ending scripted = scriptedEnding(current, queueEnd);
        if (cancelled != null && (scripted == null || cancelled.isBefore(scripted.at()))) {
            return new Ending(cancelled, JobStatus.CANCELLED);
        }
        return scripted;
    }

    private Ending scriptedEnding(Scenario current, Instant queueEnd) {
        Duration timeout = policy.executionTimeout();
        Duration runTime = current.runTime();
        boolean timesOut = timeout != null && (runTime == null || runTime.compareTo(timeout) > 0);
        if (timesOut) {
            return new Ending(queueEnd.plus(timeout), JobStatus.TIMED_OUT);
        }
        if (runTime == null) {
            return null;
        }
        return new Ending(queueEnd.plus(runTime), JobStatus.valueOf(current.finalStatus()));
    }

    private record Ending(Instant at, JobStatus status) {
    }
}
