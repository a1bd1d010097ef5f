package dev.jobs.producer.client;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.messaging.events.EventMessages;
import dev.jobs.messaging.metrics.JobMetrics;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private final Clock clock;
    private final EventMessages events;

    private final JobMetrics metrics;

    public JobClient(JobStore store, OutboxPublisher publisher, Topology topology, JobTypeRegistry types, JobSettings defaults,
                     Clock clock, JobMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.publisher = publisher;
        this.topology = topology;
        this.types = types;
        this.clock = clock;
        this.options = new OptionsResolver(defaults, clock);
        this.events = new EventMessages(topology);
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
                resolved.timeout(), resolved.pollInterval(), runpodJobId, resolved.idempotencyKey(), resolved.runAt());

        JobRepository.Inserted inserted = store.jobs().insert(job, row -> firstMessage(row, payload));
        if (!inserted.created()) {
            log.debug("Job(id={}, type={}) returned for idempotency key {}", inserted.job().id(), type, resolved.idempotencyKey());
            return new SubmitResult(JobView.of(inserted.job()), false, true);
        }
        metrics.submitted(type);
        boolean published = publisher.publishNow(inserted.message());
        log.debug("Job(id={}, type={}) submitted", job.id(), type);
        return new SubmitResult(JobView.of(inserted.job()), true, published);
    }

    public Optional<JobView> get(UUID id) {
        return store.jobs().find(id).map(JobView::of);
    }

    /**
     * Cancels a pending or running job. Its cancellation event is published like any other; a worker cancels the
     * remote work (such as the RunPod job) when the job's next message arrives.
     *
     * @return the job after the call, or empty when no job has this id
     */
    public Optional<JobView> cancel(UUID id, String reason) {
        String why = reason == null || reason.isBlank() ? "Cancelled through the API" : reason;
        Instant now = clock.instant();
        store.control().cancel(id, why, now, events::of).ifPresent(event -> {
            publisher.publishNow(event);
            get(id).ifPresent(job -> metrics.finished(job.type(), JobStatus.CANCELLED,
                    job.startedAt() == null ? null : Duration.between(job.startedAt(), now)));
            log.info("Job(id={}) cancelled: {}", id, why);
        });
        return get(id);
    }

    /**
     * Runs a failed or cancelled job again as its next run, keeping its history.
     *
     * @return the job after the call, or empty when no job has this id
     * @throws JobStateException when the job is not failed or cancelled
     */
    public Optional<JobView> retry(UUID id) {
        Optional<JobView> current = get(id);
        if (current.isEmpty()) {
            return current;
        }
        var retried = store.control().retry(id, clock.instant(), row -> firstMessage(row, MessageCodec.mapper().readTree(row.payload())));
        if (retried.isEmpty()) {
            throw new JobStateException(id, get(id).map(JobView::status).orElse(current.get().status()),
                    "only failed or cancelled jobs can be retried");
        }
        publisher.publishNow(retried.get().message());
        log.info("Job(id={}, type={}) retried as run {}", id, retried.get().job().type(), retried.get().job().run());
        return get(id);
    }

    /** Reads several jobs in one query; ids without a row are left out. */
    public java.util.List<JobView> getAll(java.util.Collection<UUID> ids) {
        return store.jobs().findAll(ids).stream().map(JobView::of).toList();
    }

    public JobTypeRegistry types() {
        return types;
    }

    /** The job's first message; a scheduled job's goes through the delay queues and arrives at its start time. */
    private OutboxMessage firstMessage(JobRow row, JsonNode payload) {
        JobMessage message = new JobMessage(JobMessage.SCHEMA_VERSION, row.id(), row.type(), payload, row.checks());
        OutboxMessage outbox = OutboxMessage.of(row.id(), topology.workExchange(), row.type(), row.id() + ":run:" + row.run(),
                new String(MessageCodec.write(message), StandardCharsets.UTF_8));
        return row.runAt() != null && row.runAt().isAfter(clock.instant()) ? outbox.deliveredAt(row.runAt()) : outbox;
    }
}
