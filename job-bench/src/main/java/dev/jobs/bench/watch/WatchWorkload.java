package dev.jobs.bench.watch;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.JobOptions;
import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.EventTap;
import dev.jobs.bench.stack.WorkerProcesses;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of the watch workload: a simulator with every run, one worker process, the monitored jobs, the steady
 * window's figures, and the end of every run. Prints each phase as it passes and returns the figures as JSON.
 *
 * <p>Timeline, from the moment the runs are created: the jobs are submitted over one check interval. The window
 * opens {@link #SETTLE} after every job's first check is recorded, and no sooner than {@link #STATISTICS_FLUSH} after
 * the last submit, so the submits' row counters have reached {@code pg_stat_user_tables}. It closes
 * {@link #END_MARGIN} before the first run ends, so no job changes status inside it. The heap is read right after
 * the window, while every run is still in flight.
 */
final class WatchWorkload {

    static final Duration SETTLE = Duration.ofSeconds(2);

    /** PostgreSQL 15 sends an idle session's counters after 10 s at the latest, and the bench adds 1 s of slack. */
    static final Duration STATISTICS_FLUSH = Duration.ofSeconds(11);

    static final Duration END_MARGIN = Duration.ofSeconds(5);

    /** Share of the simulator's request log a window may fill, so that the log contains every request of the window. */
    static final double REQUEST_LOG_SHARE = 0.9;

    private static final int PRODUCER_CONNECTIONS = 4;
    private static final Duration POLL_PAUSE = Duration.ofMillis(500);
    private static final Duration CALLBACK_LIMIT = Duration.ofSeconds(30);

    private final WatchOptions options;
    private final String runId;
    private final Path logDirectory;

    WatchWorkload(WatchOptions options, String runId, Path logDirectory) {
        this.options = options;
        this.runId = runId;
        this.logDirectory = logDirectory;
    }

    ObjectNode run() throws Exception {
        try (BenchStack stack = BenchStack.create(runId, "watch", options.appliedInterval());
             EventTap tap = new EventTap(stack.amqp(), stack.topology().eventsExchange());
             SimulatedRuns simulated = SimulatedRuns.start(options)) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("workload", "watch");
            result.put("run_id", runId);
            result.put("database", stack.databaseName());
            result.put("prefix", stack.topology().prefix());
            result.put("runs", options.runs());

            int metricsPort = freePort();
            Map<String, String> environment = workerEnvironment(stack, simulated, metricsPort);
            printSettings(simulated, environment);
            result.set("settings", settingsJson(simulated, environment));

            try (BenchStack.Producer producer = stack.openProducer(PRODUCER_CONNECTIONS);
                 JobsTable table = new JobsTable(stack.openDatabase());
                 MonitorSubmitter submitter = new MonitorSubmitter();
                 WorkerProcesses workers = WorkerProcesses.start(1, options.workerJar(), logDirectory, environment)) {
                System.out.println("worker log: " + workers.logs().getFirst());
                WorkerProbe probe = new WorkerProbe(workers.pids().getFirst(), metricsPort);
                watch(result, new Running(simulated, producer, table, submitter, workers, probe, tap));
            }

            // The worker and the producer have stopped: once their sessions close, every counter is in the view.
            stack.awaitNoSessions();
            try (JobsTable table = new JobsTable(stack.openDatabase())) {
                WholeRunWrites whole = WholeRunWrites.read(table);
                System.out.println(whole.describe());
                result.set("whole_run", whole.toJson());
            }
            return result;
        }
    }

    /** The simulator with its runs, the producer, the worker, and the readers of the worker and the database. */
    private record Running(SimulatedRuns simulated, BenchStack.Producer producer, JobsTable table,
                           MonitorSubmitter submitter, WorkerProcesses workers, WorkerProbe probe, EventTap tap) {
    }

    /** Creates the runs, submits their jobs, measures the steady window, and waits for every job to end. */
    private void watch(ObjectNode result, Running running) throws Exception {
        SimulatedRuns simulated = running.simulated();
        WorkerProcesses workers = running.workers();
        int runs = options.runs();

        simulated.createRuns(options);
        Instant origin = simulated.createdAt();
        Duration submitTime = running.submitter().submit(running.producer().manager(), simulated.runs(), jobOptions(),
                options.appliedInterval());
        Instant submitted = Instant.now();
        progress(origin, "submitted %d jobs in %.1f s", runs, seconds(submitTime));

        Instant allChecked = awaitFirstChecks(running.table(), workers);
        running.submitter().awaitRegistered(options.maxWait());
        Instant windowStart = later(allChecked.plus(SETTLE), submitted.plus(STATISTICS_FLUSH));
        Instant windowEnd = windowEnd(simulated, windowStart);
        if (Duration.between(windowStart, windowEnd).compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException(String.format(Locale.ROOT, "No steady window: every job was first checked"
                    + " %.1f s after the runs were created, and the first run ends at %.1f s; lower --runs or"
                    + " --poll-ms, or raise the minimum of --run-minutes", seconds(Duration.between(origin, allChecked)),
                    seconds(Duration.between(origin, simulated.firstEnd()))));
        }
        progress(origin, "every job checked once; window from +%.1f s to +%.1f s",
                seconds(Duration.between(origin, windowStart)), seconds(Duration.between(origin, windowEnd)));

        WindowFigures window = measureWindow(running, windowStart, windowEnd);
        window.describe().forEach(System.out::println);

        Map<String, Long> statuses = awaitAllEnded(running.table(), workers, simulated.lastEnd().plus(options.maxWait()));
        progress(origin, "jobs by status: %s", statuses);
        boolean allEvents = running.tap().awaitEvents(runs, CALLBACK_LIMIT.toMillis());
        MonitorSubmitter submitter = running.submitter();
        awaitCallbacks(submitter, runs);
        progress(origin, "completion events %d, callbacks %d succeeded and %d failed", running.tap().distinctEvents(),
                submitter.succeeded(), submitter.failed());

        result.put("submit_s", round(seconds(submitTime)));
        result.put("all_checked_after_s", round(seconds(Duration.between(origin, allChecked))));
        result.set("window", window.toJson());
        ObjectNode ending = result.putObject("end");
        statuses.forEach(ending::put);
        ending.put("completion_events", running.tap().distinctEvents());
        ending.put("callbacks_succeeded", submitter.succeeded());
        ending.put("callbacks_failed", submitter.failed());
        ending.put("all_completed", statuses.getOrDefault("completed", 0L) == runs && allEvents
                && submitter.succeeded() == runs);
    }

    /**
     * Reads the worker and the database at both edges of the window, and the worker's heap right after it. The full
     * GC that the heap reading needs stops the worker for a moment, so it waits until the window has closed.
     */
    private WindowFigures measureWindow(Running running, Instant windowStart, Instant windowEnd) throws Exception {
        sleepUntil(windowStart, running.workers());
        running.simulated().clearRequestLog();
        Snapshot start = Snapshot.take(running.probe(), running.table());
        sleepUntil(windowEnd, running.workers());
        Snapshot end = Snapshot.take(running.probe(), running.table());

        StatusRequests requests = StatusRequests.of(running.simulated().requests(), start.at(), end.at(),
                options.appliedInterval());
        long statusChanges = running.table().statusChangesBetween(start.at(), end.at());
        double heap = running.probe().heapAfterGcMib();
        double resident = running.probe().residentMib();
        return WindowFigures.of(start, end, requests, statusChanges, heap, resident);
    }

    private JobOptions jobOptions() {
        // A run is watched from its job's start to its end plus one check, so this timeout is never reached unless
        // the worker falls behind by more than --max-wait-seconds.
        Duration timeout = options.runMax().plus(options.appliedInterval()).plus(options.maxWait());
        return JobOptions.defaults().withPollInterval(options.pollInterval()).withTimeout(timeout);
    }

    private Map<String, String> workerEnvironment(BenchStack stack, SimulatedRuns simulated, int metricsPort) {
        Map<String, String> environment = stack.workerEnvironment(options.concurrency(), options.prefetch());
        String interval = Long.toString(options.pollInterval().toMillis());
        environment.put("RUNPOD_API_KEY", simulated.apiKey());
        environment.put("RUNPOD_BASE_URL", simulated.baseUrl());
        environment.put("RUNPOD_POLL_MIN_MS", interval);
        environment.put("RUNPOD_POLL_MAX_MS", interval);
        // RunPod allows 200 status requests per second per endpoint. The worker's limiter counts the calls to every
        // endpoint of one key together, so it gets the sum over the endpoints, which is twice the planned rate.
        environment.put("RUNPOD_STATUS_CALLS_PER_SECOND", Integer.toString(200 * simulated.endpoints()));
        environment.put("JOB_METRICS_PORT", Integer.toString(metricsPort));
        return environment;
    }

    private void printSettings(SimulatedRuns simulated, Map<String, String> environment) {
        System.out.printf(Locale.ROOT, "runs: %d on %d simulator endpoints, run time %.2f to %.2f min (uniform, seed %d),"
                        + " no queue time, simulator %s%n", options.runs(), simulated.endpoints(),
                options.runMin().toMillis() / 60_000.0, options.runMax().toMillis() / 60_000.0, options.seed(),
                simulated.baseUrl());
        System.out.printf(Locale.ROOT, "checks: every %d ms (job pollIntervalMs, RUNPOD_POLL_MIN_MS and"
                        + " RUNPOD_POLL_MAX_MS), %d ms after the delay ladder; planned %.1f polls/s%n",
                options.pollInterval().toMillis(), options.appliedInterval().toMillis(), options.plannedPollsPerSecond());
        Map<String, String> printable = new TreeMap<>(environment);
        printable.keySet().removeIf(name -> name.equals("RUNPOD_API_KEY") || name.equals("JOB_DATABASE_USER")
                || name.equals("JOB_DATABASE_PASSWORD"));
        printable.computeIfPresent("JOB_AMQP_URI", (name, uri) -> ConnectionSettings.withoutCredentials(uri));
        System.out.println("worker: " + printable);
    }

    private ObjectNode settingsJson(SimulatedRuns simulated, Map<String, String> environment) {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        settings.put("run_min_s", round(seconds(options.runMin())));
        settings.put("run_max_s", round(seconds(options.runMax())));
        settings.put("seed", options.seed());
        settings.put("endpoints", simulated.endpoints());
        settings.put("poll_ms", options.pollInterval().toMillis());
        settings.put("applied_poll_ms", options.appliedInterval().toMillis());
        settings.put("planned_polls_per_s", round(options.plannedPollsPerSecond()));
        for (String name : new String[] {"JOB_CONCURRENCY", "JOB_PREFETCH", "RUNPOD_POLL_MIN_MS", "RUNPOD_POLL_MAX_MS",
                "RUNPOD_STATUS_CALLS_PER_SECOND"}) {
            settings.put(name, environment.get(name));
        }
        return settings;
    }

    /** Waits until every job's first check is recorded, and returns the moment it saw that. */
    private Instant awaitFirstChecks(JobsTable table, WorkerProcesses workers) throws Exception {
        Instant deadline = Instant.now().plus(options.maxWait());
        long checked = table.checkedAtLeastOnce();
        while (checked < options.runs()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Only " + checked + " of " + options.runs() + " jobs were checked within"
                        + " --max-wait-seconds " + options.maxWait().toSeconds() + " after the submits; see the worker log");
            }
            pause(workers);
            checked = table.checkedAtLeastOnce();
        }
        return Instant.now();
    }

    private Instant windowEnd(SimulatedRuns simulated, Instant windowStart) {
        Instant beforeFirstEnd = simulated.firstEnd().minus(END_MARGIN);
        long logMillis = (long) (REQUEST_LOG_SHARE * dev.jobs.runpod.simulator.RequestLog.MAX_ENTRIES * 1000
                / options.plannedPollsPerSecond());
        Instant logFull = windowStart.plusMillis(logMillis);
        return beforeFirstEnd.isBefore(logFull) ? beforeFirstEnd : logFull;
    }

    /** Waits until no job is pending or running, or until the deadline, and returns the jobs per status. */
    private Map<String, Long> awaitAllEnded(JobsTable table, WorkerProcesses workers, Instant deadline) throws Exception {
        Map<String, Long> statuses = table.statusCounts();
        while (statuses.containsKey("pending") || statuses.containsKey("running")) {
            if (Instant.now().isAfter(deadline)) {
                System.out.println("timed out waiting for every job to end, --max-wait-seconds "
                        + options.maxWait().toSeconds() + " after the last run ended: " + statuses);
                return statuses;
            }
            pause(workers);
            statuses = table.statusCounts();
        }
        return statuses;
    }

    /** Waits for the callbacks, which fire from events or from the producer's sweep of waiting jobs. */
    private static void awaitCallbacks(MonitorSubmitter submitter, int runs) throws InterruptedException {
        Instant deadline = Instant.now().plus(CALLBACK_LIMIT);
        while (submitter.succeeded() + submitter.failed() < runs && Instant.now().isBefore(deadline)) {
            Thread.sleep(POLL_PAUSE.toMillis());
        }
    }

    private static void sleepUntil(Instant moment, WorkerProcesses workers) throws InterruptedException {
        while (Instant.now().isBefore(moment)) {
            requireAlive(workers);
            long left = Duration.between(Instant.now(), moment).toMillis();
            Thread.sleep(Math.max(1, Math.min(left, POLL_PAUSE.toMillis())));
        }
    }

    private static void pause(WorkerProcesses workers) throws InterruptedException {
        requireAlive(workers);
        Thread.sleep(POLL_PAUSE.toMillis());
    }

    private static void requireAlive(WorkerProcesses workers) {
        if (!workers.allAlive()) {
            throw new IllegalStateException("The worker exited before the end of the run; see " + workers.logs().getFirst());
        }
    }

    private static Instant later(Instant first, Instant second) {
        return first.isAfter(second) ? first : second;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void progress(Instant origin, String pattern, Object... values) {
        System.out.printf(Locale.ROOT, "+%.1f s: %s%n", seconds(Duration.between(origin, Instant.now())),
                String.format(Locale.ROOT, pattern, values));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
