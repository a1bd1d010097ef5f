package dev.jobs.producer.service;

import dev.jobs.api.InvalidJobException;

import java.util.UUID;

/** Parses job ids from paths. */
final class JobIds {

    private static final java.util.regex.Pattern CANONICAL =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private JobIds() {
    }

    /** @throws InvalidJobException naming {@code id} when the text is not a UUID */
    static UUID parse(String id) {
        // UUID.fromString also takes short groups such as 1-1-1-1-1; only the canonical 8-4-4-4-12 form is an id.
        if (id == null || !CANONICAL.matcher(id).matches()) {
            throw new InvalidJobException("id", "Job id '" + id + "' is not a UUID: use the 8-4-4-4-12 hexadecimal form");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("id", "Job id '" + id + "' is not a UUID");
        }
    }
}
