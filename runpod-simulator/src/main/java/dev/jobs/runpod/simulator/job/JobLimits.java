package dev.jobs.runpod.simulator.job;

import java.time.Duration;
import java.util.Objects;

/**
 * Endpoint-wide limits that apply to every job unless its request sets its own.
 *
 * @param resultRetention how long a job submitted with {@code /run} stays visible after it ended (RunPod: 30 min)
 * @param syncResultRetention the same for {@code /runsync} jobs (RunPod: 1 min)
 * @param defaultTtl how long a job may exist from its creation, even mid-run, when its request sets no
 *     {@code policy.ttl} (RunPod: 24 h), or {@code null} for no limit
 * @param defaultExecutionTimeout how long a job may run when its request sets no {@code policy.executionTimeout}
 *     (RunPod: 10 min unless the endpoint changes it), or {@code null} for no limit
 */
public record JobLimits(
        Duration resultRetention, Duration syncResultRetention, Duration defaultTtl, Duration defaultExecutionTimeout) {

    /** Validates the limits. */
    public JobLimits {
        Objects.requireNonNull(resultRetention, "resultRetention");
        Objects.requireNonNull(syncResultRetention, "syncResultRetention");
    }

    /** Limits with the given retention for both kinds of job and no ttl or execution timeout. */
    public static JobLimits retentionOnly(Duration resultRetention) {
        return new JobLimits(resultRetention, resultRetention, null, null);
    }

    /** Returns the policy of a request with the defaults filled in where it sets nothing. */
    ExecutionPolicy withDefaults(ExecutionPolicy requested) {
        return new ExecutionPolicy(
                requested.executionTimeout() != null ? requested.executionTimeout() : defaultExecutionTimeout,
                requested.ttl() != null ? requested.ttl() : defaultTtl);
    }

    Duration retentionOf(SimulatedJob job) {
        return job.isSynchronous() ? syncResultRetention : resultRetention;
    }
}
