package dev.jobs.runpod.simulator.http;

import dev.jobs.runpod.simulator.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts scenarios to and from their JSON form
 * {@code {"queueMs": n, "runMs": n, "finalStatus": "...", "output": any, "error": "...", "forever": bool,
 * "progress": [{"atMs": n, "output": any}]}},
 * used by {@code input.simulate} in {@code /run} requests and by the control API.
 */
public final class ScenarioJson {

    private ScenarioJson() {
    }

    /**
     * Parses a scenario. Fields that are absent take their value from {@code fallback}, except that an
     * endless scenario ({@code "forever": true}) takes no final status from it.
     *
     * @throws IllegalArgumentException if a field has the wrong type or the result is not a valid scenario
     */
    public static Scenario fromJson(JsonNode node, Scenario fallback) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("A scenario must be a JSON object, but was " + node);
        }
        boolean forever = readBoolean(node, "forever");
        if (forever && node.has("runMs")) {
            throw new IllegalArgumentException("A scenario cannot have both \"forever\": true and \"runMs\"");
        }

        Duration queueTime = readMillis(node, "queueMs", fallback.queueTime());
        Duration runTime = forever ? null : readMillis(node, "runMs", fallback.runTime());
        String defaultStatus = forever ? null : fallback.finalStatus();
        String finalStatus = readString(node, "finalStatus", defaultStatus);
        JsonNode output = node.has("output") ? node.get("output") : fallback.output();
        String error = readString(node, "error", fallback.error());
        List<Scenario.ProgressUpdate> progress = node.has("progress") ? readProgress(node.get("progress")) : fallback.progress();
        return new Scenario(queueTime, runTime, finalStatus, output, error, progress);
    }

    /** Writes a scenario in the form that {@link #fromJson} reads. */
    public static ObjectNode toJson(Scenario scenario) {
        ObjectNode node = JsonExchange.MAPPER.createObjectNode();
        node.put("queueMs", scenario.queueTime().toMillis());
        if (scenario.isEndless()) {
            node.put("forever", true);
        } else {
            node.put("runMs", scenario.runTime().toMillis());
        }
        if (scenario.finalStatus() != null) {
            node.put("finalStatus", scenario.finalStatus());
        }
        if (scenario.output() != null) {
            node.set("output", scenario.output());
        }
        if (scenario.error() != null) {
            node.put("error", scenario.error());
        }
        if (!scenario.progress().isEmpty()) {
            var array = node.putArray("progress");
            for (Scenario.ProgressUpdate update : scenario.progress()) {
                array.addObject().put("atMs", update.at().toMillis()).set("output", update.output());
            }
        }
        return node;
    }

    private static List<Scenario.ProgressUpdate> readProgress(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("Invalid progress " + array + "; expected an array of {atMs, output}");
        }
        List<Scenario.ProgressUpdate> updates = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isObject() || !item.has("output")) {
                throw new IllegalArgumentException("Invalid progress update " + item + "; expected {atMs, output}");
            }
            updates.add(new Scenario.ProgressUpdate(readMillis(item, "atMs", Duration.ZERO), item.get("output")));
        }
        return updates;
    }

    private static Duration readMillis(JsonNode node, String field, Duration defaultValue) {
        JsonNode value = node.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new IllegalArgumentException(
                    "Invalid " + field + " " + value + "; expected a whole number of milliseconds, 0 or more");
        }
        return Duration.ofMillis(value.longValue());
    }

    private static String readString(JsonNode node, String field, String defaultValue) {
        JsonNode value = node.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("Invalid " + field + " " + value + "; expected a string");
        }
        return value.stringValue();
    }

    private static boolean readBoolean(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("Invalid " + field + " " + value + "; expected true or false");
        }
        return value.booleanValue();
    }
}
