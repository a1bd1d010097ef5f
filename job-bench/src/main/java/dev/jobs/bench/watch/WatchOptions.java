package dev.jobs.bench.watch;

import dev.jobs.messaging.delay.DelayLadder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Options of {@code ./jobs bench watch}; see {@link #USAGE}.
 *
 * @param runs           RunPod runs to create and monitored jobs to submit, one per run
 * @param runMin         shortest run time, counted from the moment every run is created
 * @param runMax         longest run time
 * @param pollInterval   the check interval: each job's {@code pollIntervalMs} and both of the worker's
 *                       {@code RUNPOD_POLL_MIN_MS} and {@code RUNPOD_POLL_MAX_MS}, so every run is checked at this
 *                       interval with no jitter
 * @param maxWait        limit of each wait: for every job's first check, and for every job to end after the
 *                       longest run ended
 * @param concurrency    {@code JOB_CONCURRENCY} of the worker
 * @param prefetch       {@code JOB_PREFETCH} of the worker
 * @param seed           seed of the run times
 * @param out            file to write the figures to as JSON, or {@code null}
 * @param workerJar      the worker's executable jar
 */
record WatchOptions(int runs, Duration runMin, Duration runMax, Duration pollInterval, Duration maxWait,
                    int concurrency, int prefetch, long seed, Path out, Path workerJar) {

    static final String USAGE = "./jobs bench watch [--runs 10000] [--run-minutes 4-6] [--poll-ms 30000]"
            + " [--max-wait-seconds 300] [--concurrency 16] [--prefetch 20] [--seed 42] [--out FILE]"
            + " [--worker-jar PATH]";

    static final int MAX_RUNS = 100_000;

    /**
     * Time a run must last beyond one check interval, so that a steady window remains: the wait for the database
     * counters after the submits, the margin before the first run ends, and a few seconds of window.
     */
    static final Duration STEADY_MARGIN = WatchWorkload.STATISTICS_FLUSH.plus(WatchWorkload.END_MARGIN).plusSeconds(4);

    static WatchOptions parse(String[] args) {
        int runs = 10_000;
        String runMinutes = "4-6";
        long pollMs = 30_000;
        long maxWaitSeconds = 300;
        int concurrency = 16;
        int prefetch = 20;
        long seed = 42;
        Path out = null;
        Path jar = Path.of("job-worker/target/job-worker-0.1.0-SNAPSHOT-exec.jar");

        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + option + " has no value; usage: " + USAGE);
            }
            String value = args[i + 1];
            switch (option) {
                case "--runs" -> runs = (int) whole(option, value, 1, MAX_RUNS);
                case "--run-minutes" -> runMinutes = value;
                case "--poll-ms" -> pollMs = whole(option, value, 500, 600_000);
                case "--max-wait-seconds" -> maxWaitSeconds = whole(option, value, 10, 3_600);
                case "--concurrency" -> concurrency = (int) whole(option, value, 1, 64);
                case "--prefetch" -> prefetch = (int) whole(option, value, 1, 1_000);
                case "--seed" -> seed = whole(option, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--out" -> out = Path.of(value);
                case "--worker-jar" -> jar = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + option + "; usage: " + USAGE);
            }
        }

        Duration[] range = minutesRange(runMinutes);
        Duration poll = Duration.ofMillis(pollMs);
        Duration shortestUseful = DelayLadder.roundUp(poll).plus(STEADY_MARGIN);
        if (range[0].compareTo(shortestUseful) < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Invalid --run-minutes '%s' with --poll-ms"
                    + " %d: the shortest run must last at least one check interval plus %d s (%.2f min) so that a"
                    + " steady window remains; raise the minimum or lower --poll-ms", runMinutes, pollMs,
                    STEADY_MARGIN.toSeconds(), shortestUseful.toMillis() / 60_000.0));
        }

        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Worker jar " + jar.toAbsolutePath() + " not found: run ./jobs build,"
                    + " or pass --worker-jar");
        }
        return new WatchOptions(runs, range[0], range[1], poll, Duration.ofSeconds(maxWaitSeconds), concurrency,
                prefetch, seed, out, jar);
    }

    /** Check interval after the delay ladder rounds it up, which is the interval the worker applies. */
    Duration appliedInterval() {
        return DelayLadder.roundUp(pollInterval);
    }

    /** Polls per second when every run is checked once per applied interval. */
    double plannedPollsPerSecond() {
        return runs * 1000.0 / appliedInterval().toMillis();
    }

    private static long whole(String option, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + option + " '" + value + "': expected a whole number from "
                    + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("Invalid " + option + " '" + value + "': expected a whole number from "
                    + min + " to " + max);
        }
        return parsed;
    }

    /** Parses {@code MIN-MAX} in minutes, such as {@code 4-6} or {@code 0.25-0.3}. */
    private static Duration[] minutesRange(String value) {
        String fix = "; give MIN-MAX in minutes with 0 < MIN <= MAX <= 120, such as 4-6 or 0.25-0.3";
        String[] parts = value.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("Invalid --run-minutes '" + value + "'" + fix);
        }
        double min;
        double max;
        try {
            min = Double.parseDouble(parts[0].trim());
            max = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid --run-minutes '" + value + "'" + fix);
        }
        if (!(min > 0) || !(max >= min) || max > 120) {
            throw new IllegalArgumentException("Invalid --run-minutes '" + value + "'" + fix);
        }
        return new Duration[] {Duration.ofMillis(Math.round(min * 60_000)), Duration.ofMillis(Math.round(max * 60_000))};
    }
}
