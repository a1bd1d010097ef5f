package dev.jobs.bench.throughput;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static dev.jobs.bench.stack.Leftovers.databaseExists;
import static dev.jobs.bench.stack.Leftovers.queueExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Measures the stack's latency floor against the local PostgreSQL and RabbitMQ. */
class StackFloorTest {

    @Test
    void floorAddsTwoCommitsAndOneDelivery() throws Exception {
        JsonNode result = StackFloor.run("t" + UUID.randomUUID().toString().substring(0, 7));

        assertThat(result.get("samples").asInt()).isEqualTo(300);
        double insert = positiveMedian(result, "insert_commit_ms");
        double update = positiveMedian(result, "update_commit_ms");
        double delivery = positiveMedian(result, "quorum_publish_to_delivery_ms");
        positiveMedian(result, "quorum_publish_to_confirm_ms");
        assertThat(result.get("to_start_floor_p50_ms").asDouble()).isCloseTo(insert + update + delivery, within(0.02));

        assertThat(databaseExists(result.get("database").asString())).as("probe database").isFalse();
        assertThat(queueExists(result.get("probe_queue").asString())).as("probe queue").isFalse();
    }

    private static double positiveMedian(JsonNode result, String name) {
        JsonNode summary = result.get(name);
        assertThat(summary.get("n").asInt()).as(name).isEqualTo(300);
        assertThat(summary.get("p50").asDouble()).as(name).isPositive().isLessThanOrEqualTo(summary.get("p99").asDouble());
        return summary.get("p50").asDouble();
    }
}
