package dev.jobs.bench.throughput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@code ./jobs bench throughput}; see {@link #USAGE}.
 *
 * @param batch       jobs per {@code JobClient.submitAll} call in W1, or 1 for one {@code submit} call per job
 * @param concurrency {@code JOB_CONCURRENCY} of the workers, or null for the worker's default
 * @param prefetch    {@code JOB_PREFETCH} of the workers, or null for the worker's default
 * @param warmSecs    least time W2 submits at its rate before the timed phase
 * @param maxWarmSecs most time W2 submits at its rate before the timed phase, waiting for the JIT compilers to settle
 * @param samples     file for W2's per-job times as CSV, or null for none
 */
record ThroughputOptions(String workload, int n, int warm, int window, int batch, int rate, int secs, int warmSecs,
                         int maxWarmSecs, List<Integer> workerCounts, Integer concurrency, Integer prefetch, Path out, Path samples,
                         Path workerJar, long maxWaitMillis) {

    static final String USAGE = "./jobs bench throughput [--workload all|w1|w2|floor] [--n 20000] [--warm 5000] [--window 16] [--batch 1]"
            + " [--rate 500] [--secs 20] [--warm-secs 2] [--max-warm-secs 120] [--workers 1,2] [--concurrency C] [--prefetch P]"
            + " [--out FILE] [--samples FILE] [--worker-jar PATH] [--max-wait-seconds 300]";

    static ThroughputOptions parse(String[] args) {
        String workload = "all";
        int n = 20_000;
        int warm = 5_000;
        int window = 16;
        int batch = 1;
        int rate = 500;
        int secs = 20;
        int warmSecs = 2;
        int maxWarmSecs = 120;
        List<Integer> workers = null;
        Integer concurrency = null;
        Integer prefetch = null;
        Path out = null;
        Path samples = null;
        Path jar = Path.of("job-worker/target/job-worker-0.1.0-SNAPSHOT-exec.jar");
        long maxWaitSeconds = 300;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--help")) {
                throw new IllegalArgumentException("usage: " + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + args[i] + " has no value; usage: " + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--workload" -> workload = value;
                case "--n" -> n = integer(args[i], value, 1, 1_000_000);
                case "--warm" -> warm = integer(args[i], value, 1, 100_000);
                case "--window" -> window = integer(args[i], value, 1, 256);
                case "--batch" -> batch = integer(args[i], value, 1, 10_000);
                case "--rate" -> rate = integer(args[i], value, 1, 20_000);
                case "--secs" -> secs = integer(args[i], value, 1, 600);
                case "--warm-secs" -> warmSecs = integer(args[i], value, 0, 60);
                case "--max-warm-secs" -> maxWarmSecs = integer(args[i], value, 0, 600);
                case "--workers" -> {
                    workers = new ArrayList<>();
                    for (String count : value.split(",")) {
                        workers.add(integer(args[i], count.trim(), 1, 8));
                    }
                }
                case "--concurrency" -> concurrency = integer(args[i], value, 1, 100);
                case "--prefetch" -> prefetch = integer(args[i], value, 1, 1000);
                case "--out" -> out = Path.of(value);
                case "--samples" -> samples = Path.of(value);
                case "--worker-jar" -> jar = Path.of(value);
                case "--max-wait-seconds" -> maxWaitSeconds = integer(args[i], value, 10, 3_600);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        if (!List.of("all", "w1", "w2", "floor").contains(workload)) {
            throw new IllegalArgumentException("Invalid --workload '" + workload + "': use all, w1, w2 or floor");
        }
        if (maxWarmSecs < warmSecs) {
            throw new IllegalArgumentException("--max-warm-secs must be from --warm-secs (" + warmSecs + ") to 600, got "
                    + maxWarmSecs + ": raise it or lower --warm-secs");
        }
        if (workers == null) {
            workers = workload.equals("all") ? List.of(1, 2) : List.of(1);
        }
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("--workers must list counts of 1 to 8, such as 1,2");
        }
        for (Path file : java.util.Arrays.asList(out, samples)) {
            Path folder = file == null ? null : file.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("Folder " + folder + " of output file " + file + " not found: create it"
                        + " first, so the results are not lost after the run");
            }
            if (file != null && Files.isDirectory(file)) {
                throw new IllegalArgumentException("Output file " + file + " is a folder: name a file in it");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Worker jar " + jar.toAbsolutePath() + " not found: run ./jobs build, or"
                    + " pass --worker-jar");
        }
        return new ThroughputOptions(workload, n, warm, window, batch, rate, secs, warmSecs, maxWarmSecs, List.copyOf(workers), concurrency,
                prefetch, out, samples, jar, maxWaitSeconds * 1000);
    }

    /** Parses the value of {@code option} as a whole number from {@code min} to {@code max}. */
    private static int integer(String option, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + option + " '" + value + "': use a whole number from " + min
                    + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(option + " must be " + min + " to " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** The worker settings, as the JSON output's {@code config}. */
    String describe() {
        return "batch=" + batch + " JOB_CONCURRENCY=" + (concurrency == null ? "default" : concurrency)
                + " JOB_PREFETCH=" + (prefetch == null ? "default" : prefetch);
    }
}
