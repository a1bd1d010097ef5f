package dev.jobs.demo;

import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.runpod.simulator.http.ScenarioJson;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * One job of the demo mix, before it is started.
 *
 * @param index               position in the mix, starting at 1
 * @param expectedEnd         how the monitor job must end
 * @param scenario            what the simulator does with the RunPod job
 * @param timeout             the monitor job's timeout option, or {@code null} for the configured default
 * @param viaProducerService  whether the monitor job is submitted through {@code POST /jobs} of the producer
 *                            service instead of {@code ModelClient}
 */
record PlannedJob(int index, ExpectedEnd expectedEnd, Scenario scenario, Duration timeout, boolean viaProducerService) {

    /** Builds the RunPod {@code input} object: a few training parameters and the simulator's script. */
    ObjectNode runpodInput() {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("run", "run-" + index);
        input.put("dataset", "s3://datasets/demo/shard-" + (index % 8));
        input.set("simulate", ScenarioJson.toJson(scenario));
        return input;
    }
}
