package dev.jobs.api.message;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;

/** Reads and writes the wire messages as UTF-8 JSON, checking required fields on the way in. */
public final class MessageCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private MessageCodec() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object message) {
        return MAPPER.writeValueAsBytes(message);
    }

    /**
     * Parses a job message.
     *
     * @throws InvalidMessageException when the body is not JSON, or {@code jobId}, {@code type} or an object
     *                                 {@code payload} is missing
     */
    public static JobMessage readJobMessage(byte[] body) {
        JsonNode tree = readTree(body);
        UUID jobId = requireUuid(tree, "jobId");
        String type = requireText(tree, "type");
        JsonNode payload = tree.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new InvalidMessageException("Job message field 'payload' must be a JSON object");
        }
        int schemaVersion = tree.path("schemaVersion").asInt(JobMessage.SCHEMA_VERSION);
        if (schemaVersion != JobMessage.SCHEMA_VERSION) {
            throw new InvalidMessageException("Job message schemaVersion " + schemaVersion
                    + " is not supported: this worker reads version " + JobMessage.SCHEMA_VERSION);
        }
        int check = tree.path("check").asInt(0);
        return new JobMessage(schemaVersion, jobId, type, payload, check);
    }

    /** Parses an event. @throws InvalidMessageException when the body is not a valid event */
    public static JobEvent readEvent(byte[] body) {
        JsonNode tree = readTree(body);
        requireUuid(tree, "eventId");
        requireUuid(tree, "jobId");
        requireText(tree, "status");
        try {
            return MAPPER.treeToValue(tree, JobEvent.class);
        } catch (JacksonException e) {
            throw new InvalidMessageException("Event is invalid: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode readTree(byte[] body) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new InvalidMessageException("Message body must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw new InvalidMessageException("Message body is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String requireText(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw new InvalidMessageException("Message field '" + field + "' is missing or not a non-empty string");
        }
        return node.asString();
    }

    private static UUID requireUuid(JsonNode tree, String field) {
        String text = requireText(tree, field);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("Message field '" + field + "' is not a UUID: " + text, e);
        }
    }
}
