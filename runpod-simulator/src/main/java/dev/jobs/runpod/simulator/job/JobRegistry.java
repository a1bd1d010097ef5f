package dev.jobs.runpod.simulator.job;

import dev.jobs.runpod.simulator.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Thread-safe store of simulated jobs and of scenarios scripted for job ids that do not exist yet.
 *
 * <p>A job's scenario is, in order of precedence: a scenario scripted for its id, the scenario given at
 * creation, or the default scenario.
 */
public final class JobRegistry {

    private static final Logger log = LoggerFactory.getLogger(JobRegistry.class);

    private final Clock clock;
    private final JobIdGenerator idGenerator;
    private final JobLimits limits;
    private final Scenario defaultScenario;
    private final Map<String, SimulatedJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Scenario> pendingScripts = new HashMap<>();

    public JobRegistry(Clock clock, long seed, Duration resultRetention, Scenario defaultScenario) {
        this(clock, seed, JobLimits.retentionOnly(resultRetention), defaultScenario);
    }

    public JobRegistry(Clock clock, long seed, JobLimits limits, Scenario defaultScenario) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idGenerator = new JobIdGenerator(seed);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.defaultScenario = Objects.requireNonNull(defaultScenario, "defaultScenario");
    }

    /** Returns the clock that job states are derived from. */
    public Clock clock() {
        return clock;
    }

    /** Returns the scenario used when a request names none. */
    public Scenario defaultScenario() {
        return defaultScenario;
    }

    /**
     * Scripts the path of job {@code jobId}: an existing job switches to the scenario at once, keeping its
     * creation time, and a job created later with that id starts with it.
     */
    public synchronized void script(String jobId, Scenario scenario) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(scenario, "scenario");
        SimulatedJob existing = jobs.get(jobId);
        if (existing != null) {
            existing.rescript(scenario);
        } else {
            pendingScripts.put(jobId, scenario);
        }
    }

    /**
     * Creates a job in the queue.
     *
     * @param endpointId the endpoint the job belongs to
     * @param requestedId the id to use, or {@code null} to generate one
     * @param requestedScenario the scenario to follow unless one was scripted for the id, or {@code null}
     *     for the default scenario
     * @param policy limits from the request
     * @return the new job
     * @throws DuplicateJobIdException if a job with {@code requestedId} already exists
     */
    public SimulatedJob create(
            String endpointId, String requestedId, Scenario requestedScenario, ExecutionPolicy policy) {
        return create(endpointId, requestedId, requestedScenario, policy, false);
    }

    /**
     * Creates a job in the queue, as {@link #create(String, String, Scenario, ExecutionPolicy)} does;
     * {@code synchronous} marks a {@code /runsync} job, which is retained for a shorter time.
     */
    public synchronized SimulatedJob create(
            String endpointId, String requestedId, Scenario requestedScenario, ExecutionPolicy policy,
            boolean synchronous) {
        Instant now = clock.instant();
        removeGoneJobs(now);

        String id = requestedId != null ? requestedId : idGenerator.nextJobId();
        if (jobs.containsKey(id)) {
            throw new DuplicateJobIdException(id);
        }
        Scenario scenario = pendingScripts.remove(id);
        if (scenario == null) {
            scenario = requestedScenario != null ? requestedScenario : defaultScenario;
        }
        SimulatedJob job = new SimulatedJob(
                id, endpointId, now, idGenerator.nextWorkerId(), scenario, limits.withDefaults(policy), synchronous);
        jobs.put(id, job);
        log.debug("Created job {} on endpoint {} with {}", id, endpointId, scenario);
        return job;
    }

    /** Returns the current state of a job of the endpoint, or empty if it is unknown or no longer retained. */
    public Optional<JobView> find(String endpointId, String jobId) {
        Instant now = clock.instant();
        return findLive(endpointId, jobId, now).map(job -> job.viewAt(now));
    }

    /**
     * Cancels a job of the endpoint unless it has already ended.
     *
     * @return the state after the request, or empty if the job is unknown or no longer retained
     */
    public Optional<JobView> cancel(String endpointId, String jobId) {
        Instant now = clock.instant();
        Optional<JobView> result = findLive(endpointId, jobId, now).map(job -> job.cancelAt(now));
        result.ifPresent(view -> log.info(
                "Cancel request for job {} on endpoint {}: status is now {}", jobId, endpointId, view.status()));
        return result;
    }

    /**
     * Puts a {@code FAILED} or {@code TIMED_OUT} job back in the queue.
     *
     * @return the state after the request, or empty if the job is unknown or no longer retained
     * @throws IllegalStateException if the job's status does not allow a retry
     */
    public Optional<JobView> retry(String endpointId, String jobId) {
        Instant now = clock.instant();
        Optional<SimulatedJob> job = findLive(endpointId, jobId, now);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        Optional<JobView> retried = job.get().retryAt(now);
        if (retried.isEmpty()) {
            throw new IllegalStateException("Job " + jobId + " is " + job.get().viewAt(now).status()
                    + "; only FAILED or TIMED_OUT jobs can be retried");
        }
        log.info("Retry request for job {} on endpoint {}: back in the queue", jobId, endpointId);
        return retried;
    }

    /** Removes every job of the endpoint that is still {@code IN_QUEUE}, and returns how many it removed. */
    public synchronized int purgeQueue(String endpointId) {
        Instant now = clock.instant();
        int before = jobs.size();
        jobs.values().removeIf(job -> job.endpointId().equals(endpointId)
                && job.viewAt(now).status() == JobStatus.IN_QUEUE);
        int removed = before - jobs.size();
        log.info("Purged {} queued jobs of endpoint {}", removed, endpointId);
        return removed;
    }

    /** Returns the {@code /stream} chunks of a job not streamed before, or none if it is unknown. */
    public List<JsonNode> nextStreamChunks(String endpointId, String jobId) {
        Instant now = clock.instant();
        return findLive(endpointId, jobId, now).map(job -> job.nextStreamChunks(now)).orElse(List.of());
    }

    /** Deletes a job whatever its status, as when its ttl passes; returns whether it existed. */
    public boolean delete(String jobId) {
        return jobs.remove(jobId) != null;
    }

    /** Counts the retained jobs of the endpoint by status. */
    public EndpointHealth health(String endpointId) {
        Instant now = clock.instant();
        int inQueue = 0;
        int inProgress = 0;
        int completed = 0;
        int failed = 0;
        for (SimulatedJob job : jobs.values()) {
            if (!job.endpointId().equals(endpointId) || job.isGoneAt(now, limits.retentionOf(job))) {
                continue;
            }
            switch (job.viewAt(now).status()) {
                case IN_QUEUE -> inQueue++;
                case IN_PROGRESS -> inProgress++;
                case COMPLETED -> completed++;
                case FAILED, TIMED_OUT -> failed++;
                case CANCELLED -> {
                    // RunPod's health counters have no field for cancelled jobs.
                }
            }
        }
        return new EndpointHealth(inQueue, inProgress, completed, failed);
    }

    private Optional<SimulatedJob> findLive(String endpointId, String jobId, Instant now) {
        SimulatedJob job = jobs.get(jobId);
        if (job == null || !job.endpointId().equals(endpointId)) {
            return Optional.empty();
        }
        if (job.isGoneAt(now, limits.retentionOf(job))) {
            jobs.remove(jobId, job);
            return Optional.empty();
        }
        return Optional.of(job);
    }

    // Runs on every creation so that a long-running simulator does not keep expired jobs forever.
    private void removeGoneJobs(Instant now) {
        jobs.values().removeIf(job -> job.isGoneAt(now, limits.retentionOf(job)));
    }
}
