package dev.jobs.api.message;

import com.networknt.schema.Schema;
import dev.jobs.api.InvalidJobException;
import dev.jobs.api.JobStatus;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.types.MonitorTrainingPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static dev.jobs.api.message.ContractSchemas.EVENT;
import static dev.jobs.api.message.ContractSchemas.JOB_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks the published JSON Schemas against the Java codec in both directions: every golden example is judged the
 * same way by the schema and by the Java read path, and every message the Java code writes passes the schema.
 */
class WireContractTest {

    private static final Schema JOB_MESSAGE_SCHEMA = ContractSchemas.schema(JOB_MESSAGE);
    private static final Schema EVENT_SCHEMA = ContractSchemas.schema(EVENT);

    /** The golden events are of a job's first run, the only run of a job that was never retried. */
    private static final int FIRST_RUN = 1;

    static List<Path> validJobMessages() {
        return ContractSchemas.examples(JOB_MESSAGE, "valid");
    }

    static List<Path> invalidJobMessages() {
        return ContractSchemas.examples(JOB_MESSAGE, "invalid");
    }

    static List<Path> validEvents() {
        return ContractSchemas.examples(EVENT, "valid");
    }

    static List<Path> invalidEvents() {
        return ContractSchemas.examples(EVENT, "invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validJobMessages")
    void validJobMessagePassesSchemaAndCodec(Path file) {
        String body = ContractSchemas.read(file);

        assertThat(ContractSchemas.errors(JOB_MESSAGE_SCHEMA, body)).as("schema errors of %s", file.getFileName()).isEmpty();
        JobMessage message = readLikeWorker(body);
        assertThat(message.schemaVersion()).isEqualTo(JobMessage.SCHEMA_VERSION);
        assertThat(message.check()).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJobMessages")
    void invalidJobMessageIsRejectedBySchemaAndCodec(Path file) {
        String body = ContractSchemas.read(file);

        assertThat(ContractSchemas.errors(JOB_MESSAGE_SCHEMA, body)).as("schema errors of %s", file.getFileName()).isNotEmpty();
        assertThatThrownBy(() -> readLikeWorker(body)).as("Java read of %s", file.getFileName())
                .isInstanceOfAny(InvalidMessageException.class, InvalidJobException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validEvents")
    void validEventPassesSchemaAndCodec(Path file) {
        String body = ContractSchemas.read(file);

        assertThat(ContractSchemas.errors(EVENT_SCHEMA, body)).as("schema errors of %s", file.getFileName()).isEmpty();
        JobEvent event = MessageCodec.readEvent(bytes(body));
        assertThat(event.eventId()).as("event id of the first run, derived from job id and status")
                .isEqualTo(JobEvent.eventIdOf(event.jobId(), event.jobStatus(), FIRST_RUN));
        assertThat(event.jobStatus().isTerminal()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void invalidEventIsRejectedBySchemaAndCodec(Path file) {
        String body = ContractSchemas.read(file);

        assertThat(ContractSchemas.errors(EVENT_SCHEMA, body)).as("schema errors of %s", file.getFileName()).isNotEmpty();
        assertThatThrownBy(() -> MessageCodec.readEvent(bytes(body))).as("Java read of %s", file.getFileName())
                .isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void goldenFilesExistForEveryCase() {
        assertThat(validJobMessages()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(invalidJobMessages()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(validEvents()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(invalidEvents()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void writtenJobMessagesPassSchema() {
        JobMessage first = JobMessage.first(UUID.randomUUID(), MonitorTrainingPayload.TYPE,
                monitorPayload().put("cancelOnTimeout", false));
        JobMessage later = first.nextCheck(7);
        JobMessage otherType = JobMessage.first(UUID.randomUUID(), "resize-image", MessageCodec.mapper().createObjectNode());

        for (JobMessage message : List.of(first, later, otherType)) {
            JsonNode written = MessageCodec.mapper().readTree(MessageCodec.write(message));
            assertThat(ContractSchemas.errors(JOB_MESSAGE_SCHEMA, written)).as("schema errors of %s", written).isEmpty();
            assertThat(MessageCodec.readJobMessage(MessageCodec.write(message))).isEqualTo(message);
        }
    }

    @Test
    void writtenEventsPassSchema() {
        UUID jobId = UUID.randomUUID();
        Instant at = Instant.parse("2025-06-01T12:00:00.123456Z");
        ObjectNode result = MessageCodec.mapper().createObjectNode().put("executionTime", 701);
        List<JobEvent> events = List.of(
                JobEvent.of(jobId, FIRST_RUN, MonitorTrainingPayload.TYPE, JobStatus.COMPLETED, result, null, 1, at),
                JobEvent.of(jobId, FIRST_RUN, MonitorTrainingPayload.TYPE, JobStatus.COMPLETED, null, null, 1, at),
                JobEvent.of(jobId, FIRST_RUN, MonitorTrainingPayload.TYPE, JobStatus.FAILED, null, "CUDA out of memory", 4, at),
                JobEvent.of(jobId, 2, "resize-image", JobStatus.CANCELLED, null, "Cancelled by the operator", 1, at));

        for (JobEvent event : events) {
            JsonNode written = MessageCodec.mapper().readTree(MessageCodec.write(event));
            assertThat(ContractSchemas.errors(EVENT_SCHEMA, written)).as("schema errors of %s", written).isEmpty();
            // A null result reads back as a JSON null node, so compare what the event writes, not the records.
            JobEvent read = MessageCodec.readEvent(MessageCodec.write(event));
            assertThat(MessageCodec.mapper().readTree(MessageCodec.write(read))).isEqualTo(written);
        }
    }

    @Test
    void writtenEventContainsEveryFieldEvenWhenNull() {
        JobEvent event = JobEvent.of(UUID.randomUUID(), FIRST_RUN, MonitorTrainingPayload.TYPE, JobStatus.FAILED, null, "boom", 1,
                Instant.now());

        JsonNode written = MessageCodec.mapper().readTree(MessageCodec.write(event));

        assertThat(fieldNames(written)).isEqualTo(recordComponents(JobEvent.class));
        assertThat(written.get("result").isNull()).isTrue();
    }

    @Test
    void schemaPropertiesMatchRecordComponents() {
        assertThat(fieldNames(ContractSchemas.schemaTree(JOB_MESSAGE).get("properties")))
                .isEqualTo(recordComponents(JobMessage.class));
        assertThat(fieldNames(ContractSchemas.schemaTree(EVENT).get("properties")))
                .isEqualTo(recordComponents(JobEvent.class));
    }

    @Test
    void jobMessageSchemaRequiresWhatCodecRequires() {
        assertThat(stringSet(ContractSchemas.schemaTree(JOB_MESSAGE).get("required")))
                .containsExactlyInAnyOrder("jobId", "type", "payload");
        assertThat(stringSet(ContractSchemas.schemaTree(EVENT).get("required")))
                .isEqualTo(recordComponents(JobEvent.class));
    }

    @Test
    void monitorPayloadPatternMatchesJavaRule() {
        String[] accepted = {"a", "abc-123", "A_b-9", "x".repeat(200)};
        String[] rejected = {"", "a b", "../admin", "ü", "x".repeat(201)};

        for (String id : accepted) {
            JsonNode message = monitorMessage(id);
            assertThat(ContractSchemas.errors(JOB_MESSAGE_SCHEMA, message)).as("schema errors for id '%s'", id).isEmpty();
            MonitorTrainingPayload.from(message.get("payload"));
        }
        for (String id : rejected) {
            JsonNode message = monitorMessage(id);
            assertThat(ContractSchemas.errors(JOB_MESSAGE_SCHEMA, message)).as("schema errors for id '%s'", id).isNotEmpty();
            assertThatThrownBy(() -> MonitorTrainingPayload.from(message.get("payload"))).as("Java rule for id '%s'", id)
                    .isInstanceOf(InvalidJobException.class);
        }
    }

    @Test
    void asyncApiExamplesPassSchemas() throws IOException {
        JsonNode document = asyncApi();
        JsonNode messages = document.get("components").get("messages");
        List<String> checked = new ArrayList<>();

        for (String name : List.of("jobMessage", "delayedJobMessage")) {
            for (JsonNode example : messages.get(name).get("examples")) {
                JsonNode payload = example.get("payload");
                assertThat(ContractSchemas.errors(JOB_MESSAGE_SCHEMA, payload)).as("schema errors of %s example", name).isEmpty();
                readLikeWorker(MessageCodec.mapper().writeValueAsString(payload));
                checked.add(name);
            }
        }
        for (JsonNode example : messages.get("jobEvent").get("examples")) {
            JsonNode payload = example.get("payload");
            assertThat(ContractSchemas.errors(EVENT_SCHEMA, payload)).as("schema errors of event example").isEmpty();
            JobEvent event = MessageCodec.readEvent(MessageCodec.write(payload));
            assertThat(event.eventId()).isEqualTo(JobEvent.eventIdOf(event.jobId(), event.jobStatus(), FIRST_RUN));
            checked.add("jobEvent");
        }
        assertThat(checked).contains("jobMessage", "delayedJobMessage", "jobEvent");
    }

    @Test
    void asyncApiPayloadsReferenceSchemaFiles() throws IOException {
        JsonNode messages = asyncApi().get("components").get("messages");

        assertThat(messages.get("jobMessage").get("payload").get("$ref").asString()).isEqualTo("schemas/job-message.schema.json");
        assertThat(messages.get("delayedJobMessage").get("payload").get("$ref").asString()).isEqualTo("schemas/job-message.schema.json");
        assertThat(messages.get("jobEvent").get("payload").get("$ref").asString()).isEqualTo("schemas/event.schema.json");
        Path root = ContractSchemas.path("asyncapi.yaml").getParent();
        assertThat(Files.exists(root.resolve("schemas/job-message.schema.json"))).isTrue();
        assertThat(Files.exists(root.resolve("schemas/event.schema.json"))).isTrue();
    }

    /** The worker's read path up to the handler: the codec, then the payload rule of a known type. */
    private static JobMessage readLikeWorker(String body) {
        JobMessage message = MessageCodec.readJobMessage(bytes(body));
        JobTypeRegistry.builtIn().validateIfKnown(message.type(), message.payload());
        return message;
    }

    private static JsonNode monitorMessage(String id) {
        ObjectNode payload = MessageCodec.mapper().createObjectNode().put("runpodJobId", id).put("endpointId", "ep-1");
        return MessageCodec.mapper().readTree(MessageCodec.write(JobMessage.first(UUID.randomUUID(), MonitorTrainingPayload.TYPE, payload)));
    }

    private static ObjectNode monitorPayload() {
        return MessageCodec.mapper().createObjectNode().put("runpodJobId", "abc-123").put("endpointId", "ep-1");
    }

    private static JsonNode asyncApi() throws IOException {
        try (InputStream in = Files.newInputStream(ContractSchemas.path("asyncapi.yaml"))) {
            return YAMLMapper.builder().build().readTree(in);
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        return new TreeSet<>(object.propertyNames());
    }

    private static Set<String> recordComponents(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(component -> component.getName()).toList());
    }

    private static Set<String> stringSet(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
