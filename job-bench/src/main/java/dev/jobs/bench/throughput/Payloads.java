package dev.jobs.bench.throughput;

import dev.jobs.api.JobOptions;
import dev.jobs.api.types.NoOpPayload;
import dev.jobs.producer.client.JobClient;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The bench's {@code noop} jobs: index {@code i}, due time in epoch microseconds, and 100 bytes of padding. */
final class Payloads {

    private static final String PADDING = "x".repeat(100);

    private Payloads() {
    }

    static ObjectNode of(int index, long dueMicros) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("i", index);
        payload.put("due", dueMicros);
        payload.put("pad", PADDING);
        return payload;
    }

    /** Submits jobs {@code from} (inclusive) to {@code to} (exclusive) with one {@code submitAll} call. */
    static void submitAll(JobClient client, int from, int to, long dueMicros) {
        List<ObjectNode> payloads = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            payloads.add(of(i, dueMicros));
        }
        client.submitAll(NoOpPayload.TYPE, payloads, JobOptions.defaults());
    }

    static UUID submit(JobClient client, int index, long dueMicros) {
        return client.submit(NoOpPayload.TYPE, of(index, dueMicros), JobOptions.defaults()).job().id();
    }
}
