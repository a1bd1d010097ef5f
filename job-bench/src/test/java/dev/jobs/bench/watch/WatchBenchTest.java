package dev.jobs.bench.watch;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.messaging.delay.DelayLadder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.jobs.bench.stack.Leftovers.databaseExists;
import static dev.jobs.bench.stack.Leftovers.exchangeExists;
import static dev.jobs.bench.stack.Leftovers.queueExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs {@code ./jobs bench watch} at a tiny size against the local PostgreSQL and RabbitMQ, with a worker started from
 * the worker's executable jar, which the reactor builds before this module's tests.
 */
class WatchBenchTest {

    private static final Path WORKER_JAR = Path.of("..", "job-worker", "target", "job-worker-0.1.0-SNAPSHOT-exec.jar");
    private static final int RUNS = 20;
    private static final Duration POLL = Duration.ofMillis(2000);

    @Test
    void tinyRunReportsFiguresAndCleansUp(@TempDir Path directory) throws Exception {
        assertThat(WORKER_JAR).as("worker jar; build it with ./mvnw package -pl job-worker -am").isRegularFile();
        Path out = directory.resolve("watch.json");

        WatchOptions options = WatchOptions.parse(new String[] {"--runs", Integer.toString(RUNS), "--run-minutes",
                "0.4-0.42", "--poll-ms", Long.toString(POLL.toMillis()), "--max-wait-seconds", "60", "--worker-jar",
                WORKER_JAR.toString(), "--out", out.toString()});

        int status = WatchBench.run(options, directory);

        assertThat(status).isZero();
        JsonNode result = MessageCodec.mapper().readTree(Files.readString(out));
        assertThat(result.get("runs").asInt()).isEqualTo(RUNS);

        JsonNode window = result.get("window");
        // 20 runs checked every 2.048 s give 9.8 polls per second.
        assertThat(window.get("seconds").asDouble()).isGreaterThan(3);
        assertThat(window.get("polls_per_s").asDouble()).isBetween(5.0, 12.0);
        assertThat(window.get("rejected_status_requests").asLong()).isZero();
        assertThat(window.get("heap_after_gc_mib").asDouble()).isBetween(1.0, 512.0);
        assertThat(window.get("cpu_s_per_1000_polls").asDouble()).isPositive();

        JsonNode lateness = window.get("lateness_ms");
        assertThat(lateness.get("checks_in_window").asLong()).isPositive();
        // Client-side percentiles come from histogram buckets, so p99 may exceed the exact max by a few percent.
        assertThat(lateness.get("p50").asDouble()).isBetween(0.0, lateness.get("p99").asDouble());
        assertThat(lateness.get("p99").asDouble()).isLessThan(POLL.toMillis() * 5);
        assertThat(lateness.get("max").asDouble()).isBetween(0.0, POLL.toMillis() * 5.0);
        assertThat(window.get("lateness_from_requests_ms").get("n").asLong()).isPositive();

        JsonNode writes = window.get("writes");
        assertThat(writes.get("status_changes").asLong()).isZero();
        assertThat(writes.get("jobs_inserted").asLong()).isZero();
        assertThat(writes.get("jobs_updated").asLong()).isPositive();
        assertThat(result.get("whole_run").get("writes_per_in_flight_check").asDouble()).isCloseTo(1.0, within(0.01));

        JsonNode end = result.get("end");
        assertThat(end.get("completed").asLong()).isEqualTo(RUNS);
        assertThat(end.get("completion_events").asLong()).isEqualTo(RUNS);
        assertThat(end.get("callbacks_succeeded").asLong()).isEqualTo(RUNS);
        assertThat(end.get("all_completed").asBoolean()).isTrue();

        assertThat(databaseExists(result.get("database").asString())).as("bench database").isFalse();
        Topology topology = new Topology(result.get("prefix").asString());
        assertThat(queueExists(topology.workQueue(MonitorTrainingPayload.TYPE))).as("work queue").isFalse();
        assertThat(queueExists(topology.delayQueue(DelayLadder.roundUp(POLL)))).as("delay queue").isFalse();
        assertThat(queueExists(topology.deadQueue())).as("dead queue").isFalse();
        assertThat(exchangeExists(topology.workExchange())).as("work exchange").isFalse();
        assertThat(exchangeExists(topology.eventsExchange())).as("events exchange").isFalse();
    }
}
