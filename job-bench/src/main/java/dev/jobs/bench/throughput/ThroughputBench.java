package dev.jobs.bench.throughput;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.LoadAverage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code ./jobs bench throughput}: runs W1 (drain) with each worker count of {@code --workers}, which is W3 when
 * there are several, then the latency floor of the stack ({@link StackFloor}), then W2 (latency at a fixed rate) with
 * the first count, against the local PostgreSQL and RabbitMQ. Each run gets its own databases and prefixes and removes them at the end. Prints each result as JSON
 * in the peers harness's shape, writes them to {@code --out} (one object for one result, else an array), and ends
 * with one line of the headline figures.
 */
public final class ThroughputBench {

    private ThroughputBench() {
    }

    public static int run(String[] args) {
        ThroughputOptions options = ThroughputOptions.parse(args);
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try {
            System.out.println("versions: " + BenchStack.serverVersions());
            System.out.println("load average at start: " + LoadAverage.read());
            Path logDirectory = Files.createTempDirectory("jobs-bench-throughput-");
            System.out.println("worker logs: " + logDirectory);

            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            Long drainRate = null;
            if (options.workload().equals("all") || options.workload().equals("w1")) {
                for (int workers : options.workerCounts()) {
                    String load = LoadAverage.read();
                    ObjectNode result = DrainWorkload.run(options, runId, workers, logDirectory);
                    result.put("loadavg_before", load);
                    result.put("loadavg_after", LoadAverage.read());
                    print(result);
                    results.add(result);
                    if (drainRate == null) {
                        drainRate = result.get("process_jobs_per_s_from_first_start").asLong();
                    }
                }
            }
            if (!options.workload().equals("w1")) {
                ObjectNode floor = StackFloor.run(runId);
                print(floor);
                results.add(floor);
            }
            JsonNode latency = null;
            if (options.workload().equals("all") || options.workload().equals("w2")) {
                String load = LoadAverage.read();
                ObjectNode result = LatencyWorkload.run(options, runId, options.workerCounts().getFirst(), logDirectory);
                result.put("loadavg_before", load);
                result.put("loadavg_after", LoadAverage.read());
                print(result);
                results.add(result);
                latency = result;
            }

            if (options.out() != null) {
                JsonNode written = results.size() == 1 ? results.get(0) : results;
                Files.write(options.out(), MessageCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(written));
            }
            System.out.println("load average at end: " + LoadAverage.read());
            System.out.println(String.format(Locale.ROOT, "throughput: drain %s jobs/s, p99 start %s ms, p99 event %s ms",
                    drainRate == null ? "-" : drainRate.toString(),
                    latency == null ? "-" : format(latency.get("to_start_ms").get("p99").asDouble()),
                    latency == null ? "-" : format(latency.get("to_complete_ms").get("p99").asDouble())));
            return 0;
        } catch (Exception e) {
            System.err.println("throughput benchmark failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    private static void print(JsonNode result) {
        System.out.println(MessageCodec.mapper().writeValueAsString(result));
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }
}
