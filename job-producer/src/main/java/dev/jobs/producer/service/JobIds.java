package dev.jobs.producer.service;

import dev.jobs.api.InvalidJobException;

import java.util.UUID;

/** Parses job ids from paths. */
final class JobIds {

    private JobIds() {
    }

    /** @throws InvalidJobException naming {@code id} when the text is not a UUID */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("id", "Job id '" + id + "' is not a UUID");
        }
    }
}
