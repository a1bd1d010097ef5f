package dev.jobs.bench.watch;

import dev.jobs.messaging.metrics.JobMetrics;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of the steady window, in which every run is in flight and every job is running, computed from the
 * two snapshots at its edges, the simulator's requests in between, and the heap reading taken right after it.
 *
 * @param polls             status requests the simulator responded to in the window, or the worker's check count
 *                          when the simulator's request log overflowed (see {@code pollSource})
 * @param statusChanges     jobs started or ended in the window: writes that changed a job's status
 */
record WindowFigures(double seconds, long polls, String pollSource, double workerChecks, long recordedChecks,
                     StatusRequests requests, double latenessP50Millis, double latenessP99Millis,
                     double latenessMaxMillis, double latenessSamples, double latenessMeanMillis, JobsTable.Writes jobsWrites,
                     JobsTable.Writes allWrites, long statusChanges, double cpuSeconds, double heapAfterGcMib,
                     double residentMib) {

    static WindowFigures of(Snapshot start, Snapshot end, StatusRequests requests, long statusChanges,
                            double heapAfterGcMib, double residentMib) {
        double seconds = Duration.between(start.at(), end.at()).toMillis() / 1000.0;
        double workerChecks = end.workerChecks() - start.workerChecks();
        long polls = requests.truncated() ? Math.round(workerChecks) : requests.requests();
        double latenessSamples = end.latenessSamples() - start.latenessSamples();
        double latenessMean = (end.latenessSumMillis() - start.latenessSumMillis()) / latenessSamples;
        String source = requests.truncated() ? "worker jobs_checks_total (the simulator's request log overflowed)"
                : "simulator status requests";
        return new WindowFigures(seconds, polls, source, workerChecks, end.recordedChecks() - start.recordedChecks(),
                requests, end.latenessMillis("0.5"), end.latenessMillis("0.99"), end.latenessMaxMillis(),
                latenessSamples, latenessMean, end.jobsWrites().minus(start.jobsWrites()),
                end.allWrites().minus(start.allWrites()), statusChanges, end.cpuSeconds() - start.cpuSeconds(),
                heapAfterGcMib, residentMib);
    }

    double pollsPerSecond() {
        return polls / seconds;
    }

    /** Writes to the jobs table per poll. */
    double writesPerPoll() {
        return jobsWrites.total() / (double) polls;
    }

    /** Bound of the error of {@link #writesPerPoll()}: one second of polls at each edge, over the window's polls. */
    double writesPerPollError() {
        return 2 / seconds;
    }

    double cpuSecondsPer1000Polls() {
        return cpuSeconds * 1000 / polls;
    }

    /** Lines that describe the figures and their sources. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(format("window: %.1f s with every run in flight; %d polls (%s) = %.1f polls/s; worker checks %.0f,"
                + " checks recorded in rows %d, status responses other than 200: %d", seconds, polls, pollSource,
                pollsPerSecond(), workerChecks, recordedChecks, requests.rejected()));
        lines.add(format("heap after GC: %.1f MiB (jcmd GC.run, then GC.heap_info), resident memory %.1f MiB",
                heapAfterGcMib, residentMib));
        lines.add(format("poll lateness (worker jobs.check.lateness over its last %d s at the window's end): p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms; mean of the window's %.0f checks %.1f ms",
                JobMetrics.LATENESS_WINDOW.toSeconds(), latenessP50Millis, latenessP99Millis, latenessMaxMillis,
                latenessSamples, latenessMeanMillis));
        if (seconds < JobMetrics.LATENESS_WINDOW.toSeconds()) {
            lines.add(format("NOTE: the window is shorter than the worker's %d s lateness window, so the p50, p99 and"
                    + " max above include checks from before it", JobMetrics.LATENESS_WINDOW.toSeconds()));
        }
        lines.add(format("poll lateness (gap between two status requests of a run minus the planned interval, whole"
                + " window): %s", requests.lateness()));
        lines.add(format("writes: jobs table %d inserted, %d updated (%d HOT), %d deleted = %.3f per poll (± %.3f, because"
                + " counters reach pg_stat_user_tables up to about 1 s late at each edge); all tables %d = %.3f per poll;"
                + " %d of them changed a job's status", jobsWrites.inserted(), jobsWrites.updated(),
                jobsWrites.hotUpdated(), jobsWrites.deleted(), writesPerPoll(), writesPerPollError(), allWrites.total(),
                allWrites.total() / (double) polls, statusChanges));
        lines.add(format("CPU of the worker: %.2f s in the window = %.3f s per 1000 polls", cpuSeconds,
                cpuSecondsPer1000Polls()));
        return lines;
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("seconds", round(seconds));
        node.put("polls", polls);
        node.put("polls_source", pollSource);
        node.put("polls_per_s", round(pollsPerSecond()));
        node.put("worker_checks", Math.round(workerChecks));
        node.put("recorded_checks", recordedChecks);
        node.put("rejected_status_requests", requests.rejected());
        node.put("heap_after_gc_mib", round(heapAfterGcMib));
        node.put("resident_mib", round(residentMib));

        ObjectNode lateness = node.putObject("lateness_ms");
        lateness.put("source", "worker jobs.check.lateness over its last " + JobMetrics.LATENESS_WINDOW.toSeconds()
                + " s at the window's end");
        lateness.put("p50", round(latenessP50Millis));
        lateness.put("p99", round(latenessP99Millis));
        lateness.put("max", round(latenessMaxMillis));
        lateness.put("checks_in_window", Math.round(latenessSamples));
        lateness.put("mean_in_window", round(latenessMeanMillis));
        node.set("lateness_from_requests_ms", requests.lateness().toJson());

        ObjectNode writes = node.putObject("writes");
        writes.put("jobs_inserted", jobsWrites.inserted());
        writes.put("jobs_updated", jobsWrites.updated());
        writes.put("jobs_hot_updated", jobsWrites.hotUpdated());
        writes.put("jobs_deleted", jobsWrites.deleted());
        writes.put("all_tables", allWrites.total());
        writes.put("status_changes", statusChanges);
        writes.put("per_poll", round(writesPerPoll()));
        writes.put("per_poll_error", round(writesPerPollError()));
        writes.put("all_tables_per_poll", round(allWrites.total() / (double) polls));

        node.put("cpu_s", round(cpuSeconds));
        node.put("cpu_s_per_1000_polls", round(cpuSecondsPer1000Polls()));
        return node;
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : -1;
    }
}
