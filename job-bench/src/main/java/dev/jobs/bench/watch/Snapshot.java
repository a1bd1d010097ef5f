package dev.jobs.bench.watch;

import dev.jobs.api.types.MonitorTrainingPayload;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The readings at one edge of the measured window: the worker's CPU time and metrics, and the database's write
 * counters and recorded checks.
 */
record Snapshot(Instant at, double cpuSeconds, PrometheusText metrics, JobsTable.Writes jobsWrites,
                JobsTable.Writes allWrites, long recordedChecks) {

    static Snapshot take(WorkerProbe probe, JobsTable table) throws IOException, InterruptedException, SQLException {
        Instant at = Instant.now();
        double cpu = probe.cpuSeconds();
        PrometheusText metrics = probe.scrape();
        return new Snapshot(at, cpu, metrics, table.jobsWrites(), table.allWrites(), table.recordedChecks());
    }

    /** Returns the worker's {@code jobs.checks} counter: checks that found the run still in flight. */
    double workerChecks() {
        return metric("jobs_checks_total");
    }

    /** Returns how many checks the worker recorded a lateness for so far. */
    double latenessSamples() {
        return metric("jobs_check_lateness_seconds_count");
    }

    /** Returns the sum of the lateness the worker recorded so far, in ms. */
    double latenessSumMillis() {
        return metric("jobs_check_lateness_seconds_sum") * 1000;
    }

    /** Returns a quantile of the worker's lateness over its last 40 to 60 s, in ms, or NaN when none was recorded. */
    double latenessMillis(String quantile) {
        return metric("jobs_check_lateness_seconds", "quantile", quantile) * 1000;
    }

    /** Returns the worker's maximum lateness over its last 40 to 60 s, in ms, or NaN when none was recorded. */
    double latenessMaxMillis() {
        return metric("jobs_check_lateness_seconds_max") * 1000;
    }

    private double metric(String name, String... labels) {
        String[] pairs = new String[labels.length + 2];
        pairs[0] = "type";
        pairs[1] = MonitorTrainingPayload.TYPE;
        System.arraycopy(labels, 0, pairs, 2, labels.length);
        return metrics.value(name, pairs).orElse(Double.NaN);
    }
}
