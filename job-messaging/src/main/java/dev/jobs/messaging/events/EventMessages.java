package dev.jobs.messaging.events;

import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.outbox.OutboxMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.RawValue;

import java.nio.charset.StandardCharsets;

/** Builds the outbox message announcing a finished job on {@code <prefix>.events}, routing key {@code job.<type>.<status>}. */
public final class EventMessages {

    private final Topology topology;

    public EventMessages(Topology topology) {
        this.topology = topology;
    }

    public OutboxMessage of(JobRow row) {
        // The result is jsonb text from PostgreSQL, so it is valid JSON and goes into the event as it is, unparsed.
        // NOTE: a result nested 500 levels deep, or with a number longer than 1,000 characters, is written all the
        // same, and Jackson's default read limits then reject the event at a Java subscriber.
        JsonNode result = row.result() == null ? null : JsonNodeFactory.instance.rawValueNode(new RawValue(row.result()));
        JobEvent event = JobEvent.of(row.id(), row.run(), row.type(), row.status(), result, row.error(), Math.max(row.attempt(), 1),
                row.completedAt());
        String body = new String(MessageCodec.write(event), StandardCharsets.UTF_8);
        return OutboxMessage.of(row.id(), topology.eventsExchange(), Topology.eventRoutingKey(row.type(), row.status()),
                event.eventId().toString(), body);
    }
}
