package dev.jobs.producer.service;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.JobOptions;
import dev.jobs.producer.client.JobClient;
import dev.jobs.producer.client.JobView;
import dev.jobs.producer.client.SubmitResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /jobs} with {@code {"type": "...", "payload": {...}, "options": {...}}} returns 201 with the job, or
 * 200 with the earlier job when its idempotency key was used before. {@code GET /jobs/{id}} returns the job with its
 * timeline, or 404.
 */
@RestController
public class JobController {

    private static final Set<String> SUBMIT_FIELDS = Set.of("type", "payload", "options");
    private static final Set<String> OPTION_FIELDS = Set.of("retryAttempts", "retryDelayMs", "timeoutMs", "pollIntervalMs",
            "runAt", "idempotencyKey");

    private final JobClient client;
    private final JsonMapper mapper;

    public JobController(JobClient client, JsonMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    @PostMapping(path = "/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobView> submit(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidJobException("body", "The request body must be a JSON object with type, payload and options");
        }
        rejectUnknownFields(body, SUBMIT_FIELDS, "");
        JsonNode type = body.get("type");
        if (type != null && !type.isString()) {
            throw new InvalidJobException("type", "type must be a string, got " + type);
        }
        JobOptions options = optionsOf(body.get("options"));
        SubmitResult result = client.submit(type == null ? null : type.asString(), body.get("payload"), options);
        HttpStatus status = result.created() ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).location(URI.create("/jobs/" + result.job().id())).body(result.job());
    }

    /** Returns the job with a {@code timeline} of what happened to it so far. */
    @GetMapping("/jobs/{id}")
    public JsonNode get(@PathVariable("id") String id) {
        UUID jobId = JobIds.parse(id);
        JobView job = client.get(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        ObjectNode body = (ObjectNode) mapper.valueToTree(job);
        body.set("timeline", mapper.valueToTree(JobTimeline.of(job)));
        return body;
    }

    /** A misspelt field would otherwise be dropped silently, and the job would run with a default instead. */
    private static void rejectUnknownFields(JsonNode object, Set<String> known, String path) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                throw new InvalidJobException(path + name, "Unknown field '" + path + name + "': expected one of "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static JobOptions optionsOf(JsonNode options) {
        if (options == null || options.isNull()) {
            return JobOptions.defaults();
        }
        if (!options.isObject()) {
            throw new InvalidJobException("options", "options must be a JSON object");
        }
        rejectUnknownFields(options, OPTION_FIELDS, "options.");
        Integer retryAttempts = options.has("retryAttempts") ? JobSettings.retryAttemptsOption("options.retryAttempts", whole(options, "retryAttempts")) : null;
        String key = null;
        if (options.hasNonNull("idempotencyKey")) {
            if (!options.get("idempotencyKey").isString()) {
                throw new InvalidJobException("options.idempotencyKey", "options.idempotencyKey must be a string");
            }
            key = options.get("idempotencyKey").asString();
        }
        return new JobOptions(retryAttempts, millis(options, "retryDelayMs"), millis(options, "timeoutMs"),
                millis(options, "pollIntervalMs"), key, instant(options, "runAt"));
    }

    private static Instant instant(JsonNode options, String field) {
        if (!options.hasNonNull(field)) {
            return null;
        }
        JsonNode node = options.get(field);
        try {
            return Instant.parse(node.asString());
        } catch (RuntimeException e) {
            throw new InvalidJobException("options." + field, "options." + field + " must be an ISO-8601 UTC time such as "
                    + "2030-01-01T12:00:00Z, got " + node);
        }
    }

    private static Duration millis(JsonNode options, String field) {
        return options.has(field) ? Duration.ofMillis(whole(options, field)) : null;
    }

    private static long whole(JsonNode options, String field) {
        JsonNode node = options.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidJobException("options." + field, "options." + field + " must be a whole number, got " + node);
        }
        return node.asLong();
    }
}
