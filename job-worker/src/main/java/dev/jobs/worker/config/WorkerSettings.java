package dev.jobs.worker.config;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.EnvironmentReader;
import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.messaging.logging.ServiceSettings;
import dev.jobs.worker.runpod.RunPodSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a worker is configured with.
 *
 * @param prefetch    unacknowledged deliveries per consumer ({@code JOB_PREFETCH}, default 20, 1 to 1000)
 * @param concurrency consumers per job type ({@code JOB_CONCURRENCY}, default 16, 1 to 100).
 *                    Consumers that start or end jobs at the same moment share one statement and one commit, so
 *                    more consumers also mean fewer commits per job
 * @param shutdownGrace how long a stopping worker waits for deliveries in progress
 *                      ({@code JOB_SHUTDOWN_GRACE_MS}, default 30000, 0 to 600000)
 * @param reconcileInterval how often the reconciler looks for jobs whose message was lost
 *                      ({@code JOB_RECONCILE_INTERVAL_MS}, default 60000, 100 to 3600000)
 * @param reconcileMargin how long past its next check a job must be before the reconciler republishes it
 *                      ({@code JOB_RECONCILE_MARGIN_MS}, default 300000, 100 to 86400000); keep it above the
 *                      longest queue backlog you expect, or busy jobs get needless duplicate messages
 * @param retention     finished jobs older than this are deleted ({@code JOB_RETENTION_DAYS}, default 30, 0 to 3650;
 *                      0 keeps every job)
 * @param retentionInterval how often old finished jobs are deleted ({@code JOB_RETENTION_INTERVAL_MS}, default
 *                      3600000, 1000 to 86400000)
 * @param concurrencyLimits at most this many handlers of a type run at once across all workers
 *                      ({@code JOB_CONCURRENCY_LIMITS}, such as {@code monitor-training-status=50,report=4}; unset
 *                      means no limit)
 */
public record WorkerSettings(JobSettings jobs, ConnectionSettings connections, RunPodSettings runpod, int prefetch,
                             int concurrency, Duration shutdownGrace, Duration reconcileInterval, Duration reconcileMargin,
                             Duration retention, Duration retentionInterval, Map<String, Integer> concurrencyLimits) {

    public static final int DEFAULT_PREFETCH = 20;
    public static final int DEFAULT_CONCURRENCY = 16;

    /**
     * Reads all settings, then reports every invalid one together.
     *
     * @throws InvalidSettingsException listing each invalid variable, its value and the allowed range
     */
    public static WorkerSettings fromEnvironment(Function<String, String> lookup) {
        List<String> violations = new ArrayList<>();
        JobSettings jobs = collect(violations, () -> JobSettings.fromEnvironment(lookup));
        ConnectionSettings connections = collect(violations, () -> ConnectionSettings.fromEnvironment(lookup));
        RunPodSettings runpod = collect(violations, () -> RunPodSettings.fromEnvironment(lookup));
        EnvironmentReader reader = new EnvironmentReader(lookup);
        int prefetch = (int) reader.readLong("JOB_PREFETCH", DEFAULT_PREFETCH, 1, 1000);
        int concurrency = (int) reader.readLong("JOB_CONCURRENCY", DEFAULT_CONCURRENCY, 1, 100);
        long graceMs = reader.readLong("JOB_SHUTDOWN_GRACE_MS", 30_000, 0, 600_000);
        long reconcileIntervalMs = reader.readLong("JOB_RECONCILE_INTERVAL_MS", 60_000, 100, 3_600_000);
        long reconcileMarginMs = reader.readLong("JOB_RECONCILE_MARGIN_MS", 300_000, 100, 86_400_000);
        long retentionDays = reader.readLong("JOB_RETENTION_DAYS", 30, 0, 3650);
        long retentionIntervalMs = reader.readLong("JOB_RETENTION_INTERVAL_MS", 3_600_000, 1000, 86_400_000);
        Map<String, Integer> limits = ConcurrencyLimitsParser.parse(lookup.apply("JOB_CONCURRENCY_LIMITS"), violations);
        try {
            ServiceSettings.check(lookup, "JOB_METRICS_PORT", 8081);
        } catch (InvalidSettingsException e) {
            violations.addAll(e.violations());
        }
        try {
            reader.throwIfInvalid();
        } catch (InvalidSettingsException e) {
            violations.addAll(e.violations());
        }
        if (!violations.isEmpty()) {
            throw new InvalidSettingsException(violations);
        }
        return new WorkerSettings(jobs, connections, runpod, prefetch, concurrency, Duration.ofMillis(graceMs),
                Duration.ofMillis(reconcileIntervalMs), Duration.ofMillis(reconcileMarginMs), Duration.ofDays(retentionDays),
                Duration.ofMillis(retentionIntervalMs), limits);
    }

    private static <T> T collect(List<String> violations, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InvalidSettingsException e) {
            violations.addAll(e.violations());
            return null;
        }
    }
}
