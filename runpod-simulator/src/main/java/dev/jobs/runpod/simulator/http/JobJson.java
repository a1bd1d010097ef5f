package dev.jobs.runpod.simulator.http;

import dev.jobs.runpod.simulator.job.EndpointHealth;
import dev.jobs.runpod.simulator.job.JobView;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes job states and endpoint health in the JSON shapes of RunPod's serverless API.
 */
public final class JobJson {

    private JobJson() {
    }

    /**
     * Writes a {@code /status} response. Fields that do not apply yet, such as {@code executionTime} of a
     * running job, are left out rather than set to null.
     */
    public static ObjectNode status(JobView view) {
        ObjectNode node = JsonExchange.MAPPER.createObjectNode();
        node.put("id", view.id());
        node.put("status", view.status().name());
        if (view.delayMillis() != null) {
            node.put("delayTime", view.delayMillis().longValue());
        }
        if (view.executionMillis() != null) {
            node.put("executionTime", view.executionMillis().longValue());
        }
        if (view.workerId() != null) {
            node.put("workerId", view.workerId());
        }
        node.put("retries", 0);
        if (view.output() != null) {
            node.set("output", view.output());
        }
        if (view.error() != null) {
            node.put("error", view.error());
        }
        return node;
    }

    /** Writes a response with only the id and status, as {@code /run} and {@code /cancel} return. */
    public static ObjectNode idAndStatus(JobView view) {
        ObjectNode node = JsonExchange.MAPPER.createObjectNode();
        node.put("id", view.id());
        node.put("status", view.status().name());
        return node;
    }

    /**
     * Writes a {@code /health} response. The simulator gives each running job its own worker and keeps no
     * idle ones, so {@code workers.idle} is always 0 and {@code workers.running} equals the running jobs.
     */
    public static ObjectNode health(EndpointHealth health) {
        ObjectNode node = JsonExchange.MAPPER.createObjectNode();
        ObjectNode jobs = node.putObject("jobs");
        jobs.put("completed", health.completed());
        jobs.put("failed", health.failed());
        jobs.put("inProgress", health.inProgress());
        jobs.put("inQueue", health.inQueue());
        jobs.put("retried", 0);
        ObjectNode workers = node.putObject("workers");
        workers.put("idle", 0);
        workers.put("running", health.inProgress());
        return node;
    }
}
