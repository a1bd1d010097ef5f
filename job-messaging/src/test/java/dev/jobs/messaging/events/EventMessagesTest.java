package dev.jobs.messaging.events;

import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.outbox.OutboxMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventMessagesTest {

    private static final Instant ENDED = Instant.parse("2026-12-05T10:00:00.123456Z");

    private static JobRow ended(JobStatus status, String result, String error) {
        return new JobRow(UUID.randomUUID(), "train", status, "{}", result, error, ENDED, ENDED, ENDED, ENDED, 2, 3,
                Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(5), null, null, 4, null, "rp-1",
                "COMPLETED", null, null, null, "[]", 1, null, null);
    }

    @Test
    void completedEventEmbedsResultAsJson() {
        JobRow row = ended(JobStatus.COMPLETED, "{\"loss\": 0.25, \"tags\": [\"a\", \"b\"]}", null);

        OutboxMessage message = new EventMessages(new Topology("p")).of(row);
        JobEvent event = MessageCodec.readEvent(message.body().getBytes(StandardCharsets.UTF_8));

        assertThat(message.exchange()).isEqualTo("p.events");
        assertThat(message.routingKey()).isEqualTo("job.train.completed");
        assertThat(event.result().get("loss").asDouble()).isEqualTo(0.25);
        assertThat(event.result().get("tags").get(1).asString()).isEqualTo("b");
        assertThat(event.jobId()).isEqualTo(row.id());
        assertThat(event.attempt()).isEqualTo(2);
        assertThat(event.occurredAt()).isEqualTo(ENDED);
        assertThat(message.messageId()).isEqualTo(event.eventId().toString());
    }

    @Test
    void failedEventCarriesErrorWithoutResult() {
        JobRow row = ended(JobStatus.FAILED, null, "CUDA out of memory");

        JobEvent event = MessageCodec.readEvent(new EventMessages(new Topology("p")).of(row).body()
                .getBytes(StandardCharsets.UTF_8));

        assertThat(event.result().isNull()).as("result of a failed job").isTrue();
        assertThat(event.error()).isEqualTo("CUDA out of memory");
        assertThat(event.jobStatus()).isEqualTo(JobStatus.FAILED);
    }
}
