package dev.jobs.bench.watch;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.LoadAverage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code ./jobs bench watch}: one worker process watches many RunPod runs of the in-process simulator at once, with
 * time compressed to minutes, and the bench measures the worker while every run is in flight. Prints the settings,
 * each phase and the figures, writes them to {@code --out} as JSON, and ends with one line of the headline figures.
 */
public final class WatchBench {

    private WatchBench() {
    }

    /** Runs the bench with the worker's logs in a new temporary folder, which is kept for reading afterwards. */
    public static int run(String[] args) {
        WatchOptions options;
        try {
            options = WatchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            return run(options, Files.createTempDirectory("jobs-bench-watch-"));
        } catch (java.io.IOException e) {
            System.err.println("watch benchmark failed: no temporary folder for the worker's logs: " + e.getMessage());
            return 1;
        }
    }

    /** Runs the bench with the worker's logs in {@code logDirectory}. */
    static int run(WatchOptions options, Path logDirectory) {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try {
            System.out.println("versions: " + BenchStack.serverVersions());
            System.out.println("load average at start: " + LoadAverage.read());
            System.out.println("worker logs: " + logDirectory);

            ObjectNode result = new WatchWorkload(options, runId, logDirectory).run();
            result.put("loadavg_end", LoadAverage.read());
            System.out.println(MessageCodec.mapper().writeValueAsString(result));
            if (options.out() != null) {
                Files.write(options.out(), MessageCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
            }
            System.out.println("load average at end: " + result.get("loadavg_end").asString());
            System.out.println(headline(result));
            return result.get("end").get("all_completed").asBoolean() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("watch benchmark failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    static String headline(JsonNode result) {
        JsonNode window = result.get("window");
        return String.format(Locale.ROOT, "watch: %d runs, heap after GC %.1f MiB, poll lateness p99 %.1f ms,"
                        + " writes per poll %.3f, CPU %.3f s per 1000 polls", result.get("runs").asInt(),
                window.get("heap_after_gc_mib").asDouble(), window.get("lateness_ms").get("p99").asDouble(),
                window.get("writes").get("per_poll").asDouble(), window.get("cpu_s_per_1000_polls").asDouble());
    }
}
