package dev.jobs.bench;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.runpod.simulator.RunPodSimulator;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.SimulatorSettings;
import dev.jobs.runpod.simulator.fault.RateLimits;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.runpod.RunPodSettings;
import dev.jobs.worker.runpod.RunPodStatusClient;
import dev.jobs.worker.runpod.TrainingMonitorHandler;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * {@code ./jobs bench polling [--runs N] [--fixed-runs M] [--seed S] [--max-wall-seconds T]}: watches N simulated
 * one-hour RunPod runs with the adaptive policy and the first M (default 100) of them with a fixed 1 s poll, and
 * compares RunPod calls per watched GPU-hour and the delay from RunPod's COMPLETED to our completed outcome.
 *
 * <p>Time is virtual: the in-process simulator and both monitors read one {@link VirtualClock}, which jumps to the
 * next scheduled check, so an hour passes in seconds. Every check is a real HTTP call to the simulator on
 * 127.0.0.1 through {@link TrainingMonitorHandler} and {@link RunPodStatusClient}; the worker core (RabbitMQ,
 * PostgreSQL) is left out, so the figures cover the policy, not queueing delays in the core.
 */
final class PollingBench {

    private static final String ENDPOINT = "bench";
    private static final Duration JOB_POLL_INTERVAL = Duration.ofSeconds(30);
    private static final Duration FIXED_INTERVAL = Duration.ofSeconds(1);
    private static final Duration VIRTUAL_LIMIT = Duration.ofHours(3);

    private PollingBench() {
    }

    static int run(String[] args) {
        Options options = Options.parse(args);
        VirtualClock clock = new VirtualClock(Instant.parse("2030-01-01T00:00:00Z"));
        Instant origin = clock.instant();
        // Limits far above the calls made, so the comparison measures polling, not throttling.
        RateLimits unlimited = new RateLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000,
                Duration.ofSeconds(10), null);
        SimulatorSettings simulatorSettings = SimulatorSettings.defaults().withRateLimits(unlimited).withJobLimits(null, null);

        try (RunPodSimulator simulator = RunPodSimulator.start(simulatorSettings, clock)) {
            RunPodSettings settings = new RunPodSettings(SimulatorSettings.DEFAULT_API_KEY, URI.create(simulator.baseUrl()),
                    Duration.ofSeconds(10)).withLimits(Duration.ofSeconds(30), 1_000_000, 1_000);
            Random random = new Random(options.seed());
            Policy adaptive = new Policy("adaptive", new TrainingMonitorHandler(new RunPodStatusClient(settings), clock,
                    random::nextDouble), JOB_POLL_INTERVAL);
            Policy fixed = new Policy("fixed 1 s", new TrainingMonitorHandler(new RunPodStatusClient(
                    settings.withPolling(FIXED_INTERVAL, FIXED_INTERVAL)), clock, random::nextDouble), FIXED_INTERVAL);

            PriorityQueue<Watch> queue = new PriorityQueue<>(Comparator.comparing(Watch::nextAt).thenComparing(Watch::order));
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < options.runs(); i++) {
                Run run = new Run(origin.plusMillis((long) (random.nextDouble() * 600_000)),
                        Duration.ofMillis(5_000 + (long) (random.nextDouble() * 115_000)),
                        Duration.ofMillis(3_300_000 + (long) (random.nextDouble() * 600_000)));
                runs.add(run);
                queue.add(new Watch(run, adaptive, run.startAt, 2L * i));
                if (i < options.fixedRuns()) {
                    queue.add(new Watch(run, fixed, run.startAt, 2L * i + 1));
                }
            }

            long wallStart = System.nanoTime();
            long wallLimit = wallStart + Duration.ofSeconds(options.maxWallSeconds()).toNanos();
            long order = 2L * options.runs();
            while (!queue.isEmpty()) {
                Watch watch = queue.poll();
                if (watch.nextAt().isAfter(origin.plus(VIRTUAL_LIMIT)) || System.nanoTime() > wallLimit) {
                    System.out.println("stopped early: " + (queue.size() + 1) + " watches unfinished at virtual "
                            + Duration.between(origin, watch.nextAt()) + "; raise --max-wall-seconds or lower --runs");
                    return 1;
                }
                clock.set(watch.nextAt());
                Instant next = watch.check(simulator, clock.instant());
                if (next != null) {
                    queue.add(new Watch(watch, next, order++));
                }
            }
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            return report(options, runs, adaptive, fixed, wallSeconds);
        }
    }

    private static int report(Options options, List<Run> runs, Policy adaptive, Policy fixed, double wallSeconds) {
        System.out.printf(Locale.ROOT, "runs: %d (queue 5-120 s, run 55-65 min, starts spread over 10 min), seed %d;"
                + " adaptive watches all, fixed 1 s watches the first %d%n", options.runs(), options.seed(),
                Math.min(options.fixedRuns(), options.runs()));
        System.out.printf(Locale.ROOT, "time: virtual clock; %d HTTP status calls to 127.0.0.1 in %.1f s of wall time%n",
                adaptive.calls + fixed.calls, wallSeconds);
        adaptive.print("adaptive (RUNPOD_POLL_MIN_MS 2000, job poll interval 30000 ms as the maximum)");
        fixed.print("fixed 1 s");
        if (adaptive.failures + fixed.failures > 0) {
            System.out.println("unexpected outcomes: " + (adaptive.failures + fixed.failures));
        }
        double ratio = adaptive.callsPerGpuHour() / fixed.callsPerGpuHour();
        System.out.printf(Locale.ROOT, "polling: calls per GPU-hour %.1f vs %.1f (ratio %.3f), detection p99 %.1f s%n",
                adaptive.callsPerGpuHour(), fixed.callsPerGpuHour(), ratio, adaptive.percentile(0.99));
        return adaptive.failures + fixed.failures == 0 ? 0 : 1;
    }

    /** One simulated RunPod run; the first watch to reach its start creates it in the simulator. */
    private static final class Run {
        final Instant startAt;
        final Duration queue;
        final Duration runTime;
        String runpodJobId;

        Run(Instant startAt, Duration queue, Duration runTime) {
            this.startAt = startAt;
            this.queue = queue;
            this.runTime = runTime;
        }

        Instant endAt() {
            return startAt.plus(queue).plus(runTime);
        }
    }

    /** One policy's monitor and its tallies. */
    private static final class Policy {
        final String name;
        final TrainingMonitorHandler handler;
        final Duration pollInterval;
        final List<Double> detectionSeconds = new ArrayList<>();
        long calls;
        double gpuHours;
        int failures;

        Policy(String name, TrainingMonitorHandler handler, Duration pollInterval) {
            this.name = name;
            this.handler = handler;
            this.pollInterval = pollInterval;
        }

        double callsPerGpuHour() {
            return calls / gpuHours;
        }

        double percentile(double p) {
            List<Double> sorted = detectionSeconds.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }

        void print(String label) {
            System.out.printf(Locale.ROOT, "%s: %d calls for %.1f GPU-hours = %.1f per GPU-hour; detection p50 %.1f s,"
                    + " p99 %.1f s, max %.1f s%n", label, calls, gpuHours, callsPerGpuHour(), percentile(0.5),
                    percentile(0.99), percentile(1.0));
        }
    }

    /** The next check of one run by one policy, carrying what the worker core would have stored. */
    private record Watch(Run run, Policy policy, Instant nextAt, long order, UUID jobId, int checks, String status) {

        Watch(Run run, Policy policy, Instant nextAt, long order) {
            this(run, policy, nextAt, order, UUID.randomUUID(), 0, null);
        }

        Watch(Watch previous, Instant nextAt, long order) {
            this(previous.run, previous.policy, nextAt, order, previous.jobId, previous.checks + 1, previous.status);
        }

        /** Runs one check; returns when to check next, or {@code null} once the run's outcome is known. */
        Instant check(RunPodSimulator simulator, Instant now) {
            if (run.runpodJobId == null) {
                run.runpodJobId = simulator.createJob(ENDPOINT, Scenario.completes(run.queue, run.runTime,
                        MessageCodec.mapper().createObjectNode().put("loss", 0.1)));
            }
            ObjectNode payload = MessageCodec.mapper().createObjectNode()
                    .put("runpodJobId", run.runpodJobId).put("endpointId", ENDPOINT);
            JobContext context = new JobContext(jobId, "monitor-training-status", payload, 1, 4, checks, run.startAt,
                    run.startAt.plus(VIRTUAL_LIMIT), policy.pollInterval, status);
            HandlerOutcome outcome = policy.handler.handle(context);
            policy.calls++;
            if (outcome instanceof HandlerOutcome.CheckAgain again) {
                return now.plus(again.delay());
            }
            if (outcome instanceof HandlerOutcome.Complete) {
                policy.detectionSeconds.add(Duration.between(run.endAt(), now).toMillis() / 1000.0);
                policy.gpuHours += run.runTime.toMillis() / 3_600_000.0;
            } else {
                policy.failures++;
                System.out.println(policy.name + ": unexpected outcome " + outcome);
            }
            return null;
        }
    }

    private record Options(int runs, int fixedRuns, long seed, long maxWallSeconds) {

        static Options parse(String[] args) {
            int runs = 1000;
            // A fixed 1 s poll of all 1000 runs is 3.7 million calls; 100 runs give the same per-GPU-hour rate sooner.
            int fixedRuns = 100;
            long seed = 42;
            long maxWall = 900;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + args[i]
                            + " has no value; use --runs N, --fixed-runs N, --seed N or --max-wall-seconds N");
                }
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                    case "--fixed-runs" -> fixedRuns = Integer.parseInt(args[i + 1]);
                    case "--seed" -> seed = Long.parseLong(args[i + 1]);
                    case "--max-wall-seconds" -> maxWall = Long.parseLong(args[i + 1]);
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; use --runs, --fixed-runs, --seed or --max-wall-seconds");
                }
            }
            if (runs < 1 || runs > 100_000 || fixedRuns < 1) {
                throw new IllegalArgumentException("--runs must be 1 to 100000 and --fixed-runs 1 or more");
            }
            return new Options(runs, Math.min(fixedRuns, runs), seed, maxWall);
        }
    }
}
