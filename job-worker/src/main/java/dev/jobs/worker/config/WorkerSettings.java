package dev.jobs.worker.config;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.EnvironmentReader;
import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.worker.runpod.RunPodSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Everything a worker is configured with.
 *
 * @param prefetch    unacknowledged deliveries per consumer ({@code JOB_PREFETCH}, default 10, 1 to 1000)
 * @param concurrency consumers per job type ({@code JOB_CONCURRENCY}, default 4, 1 to 100)
 * @param shutdownGrace how long a stopping worker waits for deliveries in progress
 *                      ({@code JOB_SHUTDOWN_GRACE_MS}, default 30000, 0 to 600000)
 */
public record WorkerSettings(JobSettings jobs, ConnectionSettings connections, RunPodSettings runpod, int prefetch,
                             int concurrency, Duration shutdownGrace) {

    public static final int DEFAULT_PREFETCH = 10;
    public static final int DEFAULT_CONCURRENCY = 4;

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
        try {
            reader.throwIfInvalid();
        } catch (InvalidSettingsException e) {
            violations.addAll(e.violations());
        }
        if (!violations.isEmpty()) {
            throw new InvalidSettingsException(violations);
        }
        return new WorkerSettings(jobs, connections, runpod, prefetch, concurrency, Duration.ofMillis(graceMs));
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
