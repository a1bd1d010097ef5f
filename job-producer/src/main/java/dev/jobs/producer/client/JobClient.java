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
import dev.jobs.api.types.StorableText;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final GroupCommit groupCommit;

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
        this.groupCommit = new GroupCommit(store.jobs(), publisher);
    }

    /**
     * Stores and publishes a job. Concurrent calls without an idempotency key share one transaction and await
     * their confirms together, so many callers cost about one commit. Each call still returns only after its own
     * row is committed and its publish confirmed (or left for the relay).
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

        if (job.idempotencyKey() == null) {
            GroupCommit.Stored stored = groupCommit.submit(job, newJob -> firstMessage(newJob, payload));
            metrics.submitted(type);
            log.debug("Job(id={}, type={}) submitted", job.id(), type);
            return new SubmitResult(JobView.of(stored.job()), true, stored.published());
        }
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

    /**
     * Stores and publishes several jobs of one type with the same options, as {@link #submit} does for each, but
     * with one transaction for all rows and their outbox messages, and with the publisher confirms awaited together.
     * Every input is validated first: an invalid one stores and publishes nothing. Results are in payload order.
     *
     * @throws InvalidJobException naming the invalid field, such as {@code payloads[3].runpodJobId}, or
     *                             {@code options.idempotencyKey} because one key cannot name several jobs
     */
    public List<SubmitResult> submitAll(String type, List<? extends JsonNode> payloads, JobOptions jobOptions) {
        OptionsResolver.Resolved resolved = options.resolve(jobOptions);
        if (resolved.idempotencyKey() != null) {
            throw new InvalidJobException("options.idempotencyKey", "a batch of jobs cannot share one idempotency key:"
                    + " submit jobs with keys one at a time");
        }
        List<NewJob> jobs = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            JsonNode payload = payloads.get(i);
            String payloadJson;
            try {
                types.validate(type, payload);
                payloadJson = payload.toString();
                if (payloadJson.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                    throw new InvalidJobException("payload", "payload is larger than " + MAX_PAYLOAD_BYTES
                            + " bytes: store large inputs elsewhere and pass a reference");
                }
            } catch (InvalidJobException e) {
                if (e.field() == null || !e.field().startsWith("payload")) {
                    throw e;
                }
                throw new InvalidJobException("payloads[" + i + "]" + e.field().substring("payload".length()),
                        "payloads[" + i + "]: " + e.getMessage());
            }
            jobs.add(new NewJob(UUID.randomUUID(), type, payloadJson, resolved.retryAttempts() + 1, resolved.retryDelay(),
                    resolved.timeout(), resolved.pollInterval(), MonitorTrainingPayload.runpodJobIdOf(type, payload), null,
                    resolved.runAt()));
        }

        Map<UUID, JsonNode> payloadById = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            payloadById.put(jobs.get(i).id(), payloads.get(i));
        }
        List<JobRepository.Inserted> inserted = store.jobs().insertAll(jobs, job -> firstMessage(job, payloadById.get(job.id())));
        inserted.forEach(ignored -> metrics.submitted(type));
        Set<Long> published = publisher.publishAllNow(inserted.stream().map(JobRepository.Inserted::message).toList());
        log.debug("{} jobs of type {} submitted, {} published at once", inserted.size(), type, published.size());
        return inserted.stream()
                .map(row -> new SubmitResult(JobView.of(row.job()), true, published.contains(row.message().id())))
                .toList();
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
        StorableText.check("reason", reason);
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

    /** Builds the job's first message. A scheduled job's message goes through the delay queues and arrives at its start time. */
    private OutboxMessage firstMessage(JobRow row, JsonNode payload) {
        return firstMessage(row.id(), row.type(), payload, row.checks(), row.run(), row.runAt());
    }

    /** Builds the first message of a job not stored yet: the row will have no checks and be the job's first run. */
    private OutboxMessage firstMessage(NewJob job, JsonNode payload) {
        return firstMessage(job.id(), job.type(), payload, 0, JobRow.FIRST_RUN, job.runAt());
    }

    private OutboxMessage firstMessage(UUID id, String type, JsonNode payload, int checks, int run, Instant runAt) {
        JobMessage message = new JobMessage(JobMessage.SCHEMA_VERSION, id, type, payload, checks);
        OutboxMessage outbox = OutboxMessage.of(id, topology.workExchange(), type, id + ":run:" + run,
                new String(MessageCodec.write(message), StandardCharsets.UTF_8));
        return runAt != null && runAt.isAfter(clock.instant()) ? outbox.deliveredAt(runAt) : outbox;
    }
}
