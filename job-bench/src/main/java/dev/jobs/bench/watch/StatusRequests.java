package dev.jobs.bench.watch;

import dev.jobs.bench.stack.Summary;
import dev.jobs.runpod.simulator.RequestLog;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's status requests within a window, counted and turned into a lateness estimate of the bench's own:
 * the time between two successful status requests of one run minus the planned check interval, zero when early.
 *
 * <p>Every run is checked at one fixed interval, so the gap between two of its requests is the planned interval
 * plus the second check's lateness, give or take the difference between the two checks' time from delivery to
 * request (a database read, a few ms).
 *
 * @param requests  status requests the simulator responded to in the window
 * @param rejected  of those, the ones with a response status other than 200, such as 429
 * @param lateness  lateness estimates in ms, one per pair of consecutive successful requests of one run
 * @param truncated whether the request log dropped entries, so the window's first requests are missing
 */
record StatusRequests(long requests, long rejected, Summary lateness, boolean truncated) {

    private static final String STATUS_PATH = "/status/";

    static StatusRequests of(List<RequestLog.Entry> entries, Instant from, Instant to, Duration plannedInterval) {
        long requests = 0;
        long rejected = 0;
        Map<String, Instant> previousByRun = new HashMap<>();
        double[] lateness = new double[entries.size()];
        int samples = 0;
        for (RequestLog.Entry entry : entries) {
            int at = entry.path().indexOf(STATUS_PATH);
            if (at < 0 || entry.time().isBefore(from) || entry.time().isAfter(to)) {
                continue;
            }
            requests++;
            if (entry.status() != 200) {
                rejected++;
                continue;
            }
            String runpodJobId = entry.path().substring(at + STATUS_PATH.length());
            Instant previous = previousByRun.put(runpodJobId, entry.time());
            if (previous != null) {
                long lateMillis = Duration.between(previous, entry.time()).minus(plannedInterval).toMillis();
                lateness[samples++] = Math.max(0, lateMillis);
            }
        }
        boolean truncated = entries.size() >= RequestLog.MAX_ENTRIES;
        return new StatusRequests(requests, rejected, Summary.of(java.util.Arrays.copyOf(lateness, samples)), truncated);
    }
}
