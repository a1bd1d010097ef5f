package dev.jobs.api.types;

import dev.jobs.api.InvalidJobException;
import tools.jackson.databind.JsonNode;

/**
 * The payload of the {@value #TYPE} job: which RunPod serverless job to watch.
 *
 * @param runpodJobId the id RunPod returned from {@code POST /v2/{endpointId}/run}
 * @param endpointId  the serverless endpoint that runs it
 * @param cancelOnTimeout whether a job that outlives its timeout also cancels the RunPod job (default true)
 */
public record MonitorTrainingPayload(String runpodJobId, String endpointId, boolean cancelOnTimeout) {

    public static final String TYPE = "monitor-training-status";

    /** RunPod ids and endpoint ids are URL path segments: letters, digits, '-' and '_' only. */
    private static final String ID_PATTERN = "[A-Za-z0-9_-]{1,200}";

    public static final JobType JOB_TYPE = new JobType(TYPE, MonitorTrainingPayload::from);

    /** Returns the RunPod job id of a {@value #TYPE} payload, stored in its own column, or {@code null} for other types. */
    public static String runpodJobIdOf(String type, JsonNode payload) {
        if (!TYPE.equals(type) || payload == null) {
            return null;
        }
        JsonNode id = payload.get("runpodJobId");
        return id != null && id.isString() ? id.asString() : null;
    }

    /** @throws InvalidJobException naming the missing or invalid field */
    public static MonitorTrainingPayload from(JsonNode payload) {
        String runpodJobId = requireId(payload, "runpodJobId");
        String endpointId = requireId(payload, "endpointId");
        JsonNode cancel = payload.get("cancelOnTimeout");
        if (cancel != null && !cancel.isBoolean()) {
            throw new InvalidJobException("payload.cancelOnTimeout", "payload.cancelOnTimeout must be true or false");
        }
        return new MonitorTrainingPayload(runpodJobId, endpointId, cancel == null || cancel.asBoolean());
    }

    private static String requireId(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidJobException("payload." + field, "payload." + field + " is missing: give the RunPod "
                    + (field.equals("runpodJobId") ? "job id" : "endpoint id") + " as a string");
        }
        if (!node.isString() || !node.asString().matches(ID_PATTERN)) {
            throw new InvalidJobException("payload." + field, "payload." + field + " is invalid (" + node
                    + "): use 1 to 200 letters, digits, '-' or '_'");
        }
        return node.asString();
    }
}
