package dev.jobs.bench;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/** Runs the benchmark named by the first argument, passing it the rest, after printing how and where it runs. */
public final class BenchMain {

    private static final Map<String, Function<String[], Integer>> BENCHMARKS = Map.of(
            "polling", PollingBench::run,
            "throughput", dev.jobs.bench.throughput.ThroughputBench::run,
            "watch", dev.jobs.bench.watch.WatchBench::run);

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.err.println("Usage: ./jobs bench NAME [ARGS]; NAME is one of " + BENCHMARKS.keySet()
                    + (args.length == 0 ? "" : " (got '" + args[0] + "')"));
            System.exit(2);
        }
        System.out.println("command: ./jobs bench " + String.join(" ", args));
        System.out.println("machine: " + machine());
        System.out.println("date: " + ZonedDateTime.now());
        String[] benchArgs = Arrays.copyOfRange(args, 1, args.length);
        try {
            System.exit(BENCHMARKS.get(args[0]).apply(benchArgs));
        } catch (IllegalArgumentException e) {
            // An option the benchmark rejected: its message names the option and gives the usage.
            System.err.println(e.getMessage());
            System.exit(Arrays.asList(benchArgs).contains("--help") ? 0 : 2);
        }
    }

    private static String machine() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + (memory < 0 ? "unknown" : memory / (1024 * 1024) + " MiB") + " memory, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
