package dev.jobs.runpod.simulator.http;

import dev.jobs.runpod.simulator.job.JobRegistry;
import dev.jobs.runpod.simulator.job.JobView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Serves the operations that wait for or stream a job's result: {@code /runsync} and {@code /stream}. */
final class SyncRunner {

    /** RunPod's bounds for {@code /runsync?wait=}, in milliseconds. */
    static final long MIN_WAIT_MS = 1_000;
    static final long MAX_WAIT_MS = 300_000;

    /** How long {@code /runsync} waits when the request sets no {@code wait}. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(90);

    private static final Duration CHECK_EVERY = Duration.ofMillis(20);

    private final JobRegistry jobs;

    SyncRunner(JobRegistry jobs) {
        this.jobs = jobs;
    }

    /** Reads {@code wait} from a query string such as {@code wait=5000}. */
    static Duration readWait(String rawQuery) {
        if (rawQuery == null) {
            return DEFAULT_WAIT;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("wait=")) {
                String value = pair.substring("wait=".length());
                long millis;
                try {
                    millis = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    millis = -1;
                }
                if (millis < MIN_WAIT_MS || millis > MAX_WAIT_MS) {
                    throw HttpError.badRequest("Invalid wait '" + value + "'; expected milliseconds from "
                            + MIN_WAIT_MS + " to " + MAX_WAIT_MS);
                }
                return Duration.ofMillis(millis);
            }
        }
        return DEFAULT_WAIT;
    }

    /**
     * Waits up to {@code wait} of wall-clock time for the job to end. Returns the full status once it ended,
     * else its id and current status so the caller goes on with {@code /status}.
     */
    ObjectNode awaitEnd(String endpointId, String jobId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<JobView> view = jobs.find(endpointId, jobId);
            if (view.isEmpty()) {
                throw RunPodApiHandler.jobNotFound(endpointId, jobId);
            }
            if (view.get().status().isTerminal()) {
                return JobJson.status(view.get());
            }
            if (System.nanoTime() >= deadline) {
                return JobJson.idAndStatus(view.get());
            }
            try {
                Thread.sleep(CHECK_EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return JobJson.idAndStatus(view.get());
            }
        }
    }

    /** Returns the {@code /stream} response: the status and the chunks not streamed before, or empty if unknown. */
    Optional<ObjectNode> stream(String endpointId, String jobId) {
        Optional<JobView> view = jobs.find(endpointId, jobId);
        if (view.isEmpty()) {
            return Optional.empty();
        }
        List<JsonNode> chunks = jobs.nextStreamChunks(endpointId, jobId);
        ObjectNode body = JsonExchange.MAPPER.createObjectNode();
        body.put("status", view.get().status().name());
        ArrayNode stream = body.putArray("stream");
        for (JsonNode chunk : chunks) {
            stream.addObject().set("output", chunk);
        }
        return Optional.of(body);
    }
}
