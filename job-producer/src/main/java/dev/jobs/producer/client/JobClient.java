package dev.jobs.producer.client;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.JobOptions;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.messaging.outbox.OutboxPublisher;
import dev.jobs.store.JobStore;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits jobs and reads them back. A submit validates the input, stores the row and its message in one
 * transaction, then publishes the message with a publisher confirm. When the broker is down the submit still
 * succeeds: the message stays in the outbox and the relay publishes it once the broker is back.
 */
public final class JobClient {

    private static final Logger log = LoggerFactory.getLogger(JobClient.class);

    /** Largest accepted payload, as JSON text. Larger inputs belong in object storage, referenced by the payload. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final JobStore store;
    private final OutboxPublisher publisher;
    private final Topology topology;
    private final JobTypeRegistry types;
    private final OptionsResolver options;

    public JobClient(JobStore store, OutboxPublisher publisher, Topology topology, JobTypeRegistry types, JobSettings defaults) {
        this.store = store;
        this.publisher = publisher;
        this.topology = topology;
        this.types = types;
        this.options = new OptionsResolver(defaults);
    }

    /**
     * Stores and publishes a job.
     *
     * @throws InvalidJobException naming the invalid field; nothing is stored or published then
     */
    public SubmitResult submit(String type, JsonNode payload, JobOptions jobOptions) {
        types.validate(type, payload);
        String payloadJson = payload.toString();
        if (payloadJson.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new InvalidJobException("payload", "payload is larger than " + MAX_PAYLOAD_BYTES
                    + " bytes: store large inputs elsewhere and pass a reference");
        }
        OptionsResolver.Resolved resolved = options.resolve(jobOptions);
        String runpodJobId = MonitorTrainingPayload.runpodJobIdOf(type, payload);
        NewJob job = new NewJob(UUID.randomUUID(), type, payloadJson, resolved.retryAttempts() + 1, resolved.retryDelay(),
                resolved.timeout(), resolved.pollInterval(), runpodJobId, resolved.idempotencyKey());

        JobRepository.Inserted inserted = store.jobs().insert(job, row -> firstMessage(row, payload));
        if (!inserted.created()) {
            log.debug("Job(id={}, type={}) returned for idempotency key {}", inserted.job().id(), type, resolved.idempotencyKey());
            return new SubmitResult(JobView.of(inserted.job()), false, true);
        }
        boolean published = publisher.publishNow(inserted.message());
        log.debug("Job(id={}, type={}) submitted", job.id(), type);
        return new SubmitResult(JobView.of(inserted.job()), true, published);
    }

    public Optional<JobView> get(UUID id) {
        return store.jobs().find(id).map(JobView::of);
    }

    /** Reads several jobs in one query; ids without a row are left out. */
    public java.util.List<JobView> getAll(java.util.Collection<UUID> ids) {
        return store.jobs().findAll(ids).stream().map(JobView::of).toList();
    }

    public JobTypeRegistry types() {
        return types;
    }

    private OutboxMessage firstMessage(JobRow row, JsonNode payload) {
        JobMessage message = JobMessage.first(row.id(), row.type(), payload);
        return OutboxMessage.of(row.id(), topology.workExchange(), row.type(), row.id() + ":submit",
                new String(MessageCodec.write(message), StandardCharsets.UTF_8));
    }
}
