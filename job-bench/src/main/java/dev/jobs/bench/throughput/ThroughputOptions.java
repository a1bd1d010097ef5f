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
                case "--n" -> n = Integer.parseInt(value);
                case "--warm" -> warm = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--secs" -> secs = Integer.parseInt(value);
                case "--warm-secs" -> warmSecs = Integer.parseInt(value);
                case "--max-warm-secs" -> maxWarmSecs = Integer.parseInt(value);
                case "--workers" -> {
                    workers = new ArrayList<>();
                    for (String count : value.split(",")) {
                        workers.add(Integer.parseInt(count.trim()));
                    }
                }
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--prefetch" -> prefetch = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                case "--samples" -> samples = Path.of(value);
                case "--worker-jar" -> jar = Path.of(value);
                case "--max-wait-seconds" -> maxWaitSeconds = Long.parseLong(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        if (!List.of("all", "w1", "w2", "floor").contains(workload)) {
            throw new IllegalArgumentException("Invalid --workload '" + workload + "': use all, w1, w2 or floor");
        }
        if (n < 1 || n > 1_000_000 || warm < 1 || warm > 100_000 || window < 1 || window > 256) {
            throw new IllegalArgumentException("--n must be 1 to 1000000, --warm 1 to 100000 and --window 1 to 256");
        }
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("--batch must be 1 to 10000");
        }
        if (rate < 1 || rate > 20_000 || secs < 1 || secs > 600 || warmSecs < 0 || warmSecs > 60) {
            throw new IllegalArgumentException("--rate must be 1 to 20000, --secs 1 to 600 and --warm-secs 0 to 60");
        }
        if (maxWarmSecs < warmSecs || maxWarmSecs > 600) {
            throw new IllegalArgumentException("--max-warm-secs must be from --warm-secs (" + warmSecs + ") to 600, got "
                    + maxWarmSecs);
        }
        if (workers == null) {
            workers = workload.equals("all") ? List.of(1, 2) : List.of(1);
        }
        if (workers.isEmpty() || workers.stream().anyMatch(count -> count < 1 || count > 8)) {
            throw new IllegalArgumentException("--workers must list counts of 1 to 8, such as 1,2");
        }
        if (maxWaitSeconds < 10 || maxWaitSeconds > 3_600) {
            throw new IllegalArgumentException("--max-wait-seconds must be 10 to 3600");
        }
        for (Path file : java.util.Arrays.asList(out, samples)) {
            Path folder = file == null ? null : file.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new IllegalArgumentException("Folder " + folder + " of output file " + file + " not found: create it"
                        + " first, so the results are not lost after the run");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("Worker jar " + jar.toAbsolutePath() + " not found: run ./jobs build, or"
                    + " pass --worker-jar");
        }
        return new ThroughputOptions(workload, n, warm, window, batch, rate, secs, warmSecs, maxWarmSecs, List.copyOf(workers), concurrency,
                prefetch, out, samples, jar, maxWaitSeconds * 1000);
    }

    /** The worker settings, as the JSON output's {@code config}. */
    String describe() {
        return "batch=" + batch + " JOB_CONCURRENCY=" + (concurrency == null ? "default" : concurrency)
                + " JOB_PREFETCH=" + (prefetch == null ? "default" : prefetch);
    }
}
