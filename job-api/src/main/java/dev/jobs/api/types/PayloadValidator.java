package dev.jobs.api.types;

import dev.jobs.api.InvalidJobException;
import tools.jackson.databind.JsonNode;

/** Checks a job's payload before it is stored. */
@FunctionalInterface
public interface PayloadValidator {

    /** @throws InvalidJobException naming the first invalid field, such as {@code payload.runpodJobId} */
    void validate(JsonNode payload);

    /** Accepts any JSON object. */
    static PayloadValidator anyObject() {
        return payload -> {
        };
    }
}
