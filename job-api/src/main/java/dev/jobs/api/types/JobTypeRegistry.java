package dev.jobs.api.types;

import dev.jobs.api.InvalidJobException;
import tools.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job types a producer accepts, with their payload rules. */
public final class JobTypeRegistry {

    private final Map<String, JobType> types = new LinkedHashMap<>();

    public JobTypeRegistry(Collection<JobType> jobTypes) {
        jobTypes.forEach(type -> types.put(type.name(), type));
    }

    /** Returns the built-in types: {@value MonitorTrainingPayload#TYPE} and {@value NoOpPayload#TYPE}. */
    public static JobTypeRegistry builtIn() {
        return new JobTypeRegistry(java.util.List.of(MonitorTrainingPayload.JOB_TYPE, NoOpPayload.JOB_TYPE));
    }

    public JobTypeRegistry with(JobType type) {
        JobTypeRegistry copy = new JobTypeRegistry(types.values());
        copy.types.put(type.name(), type);
        return copy;
    }

    /** Checks the payload when the type is registered here; a type known only to a worker's handler passes. */
    public void validateIfKnown(String type, JsonNode payload) {
        if (types.containsKey(type)) {
            validate(type, payload);
        } else {
            StorableText.check("payload", payload);
        }
    }

    public Collection<String> names() {
        return types.keySet();
    }

    /**
     * Checks the type and its payload.
     *
     * @throws InvalidJobException naming {@code type} or the invalid payload field
     */
    public void validate(String type, JsonNode payload) {
        if (type == null || type.isBlank()) {
            throw new InvalidJobException("type", "type is missing: use one of " + types.keySet());
        }
        JobType jobType = types.get(type);
        if (jobType == null) {
            throw new InvalidJobException("type", "Unknown job type '" + type + "': use one of " + types.keySet());
        }
        if (payload == null || !payload.isObject()) {
            throw new InvalidJobException("payload", "payload must be a JSON object, got "
                    + (payload == null ? "nothing" : payload.getNodeType().name().toLowerCase()));
        }
        StorableText.check("payload", payload);
        jobType.validator().validate(payload);
    }
}
