package dev.jobs.producer.callbacks;

import dev.jobs.api.JobOptions;
import dev.jobs.api.topology.Topology;
import dev.jobs.producer.client.JobClient;
import dev.jobs.producer.client.JobView;
import dev.jobs.producer.client.SubmitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Submits jobs and calls back when they end. Callbacks fire in this process from completion events, exactly once
 * per registration, also when registered after the job already ended: the callback is registered before the row
 * is read, so no event can slip between. A sweep re-reads the rows of waiting jobs every {@link #SWEEP_INTERVAL},
 * so a callback still fires when its event was lost while this process was disconnected.
 *
 * <p>The subscription to the events starts in the background with the first registration, so a process that never
 * registers a callback receives and decodes no events, and registering never waits for the broker. A job that ends
 * before the subscription's queue is bound fires its callbacks from the sweep. Callbacks live in memory and die with the process; subscribe to the events
 * exchange for a durable consumer.
 */
public final class JobManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    private static final int SWEEP_BATCH = 500;

    private final JobClient client;
    private final CallbackRegistry callbacks;
    private final ExecutorService callbackExecutor;
    private final ScheduledExecutorService sweeper;
    private final LazyEventSubscription events;
    private final AutoCloseable resources;

    public JobManager(JobClient client, CachingConnectionFactory connectionFactory, Topology topology, AutoCloseable resources) {
        this.client = client;
        this.resources = resources;
        this.callbackExecutor = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("job-callbacks").daemon().factory());
        this.callbacks = new CallbackRegistry(callbackExecutor);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-callback-sweep").daemon().factory());
        this.events = new LazyEventSubscription(connectionFactory, topology,
                event -> callbacks.fire(event.jobId(), event.jobStatus(), event.result(), event.error()), sweeper);
        this.sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    public JobClient client() {
        return client;
    }

    /** Submits a job and registers its callbacks; returns the job id. */
    public UUID submit(String type, JsonNode payload, JobOptions options, Consumer<JsonNode> onSuccess, Consumer<String> onError) {
        SubmitResult submitted = client.submit(type, payload, options);
        onCompletion(submitted.job().id(), onSuccess, onError);
        return submitted.job().id();
    }

    /**
     * Registers callbacks for a job: {@code onSuccess} with the result when it completes, {@code onError} with the
     * error when it fails or is cancelled. Fires at once when the job has already ended.
     */
    public void onCompletion(UUID jobId, Consumer<JsonNode> onSuccess, Consumer<String> onError) {
        callbacks.register(jobId, new CallbackRegistry.Callbacks(onSuccess, onError));
        events.request();
        client.get(jobId).ifPresent(this::fireIfEnded);
    }

    public Optional<JobView> get(UUID jobId) {
        return client.get(jobId);
    }

    private void sweep() {
        try {
            java.util.List<UUID> waiting = java.util.List.copyOf(callbacks.waitingJobIds());
            if (!waiting.isEmpty()) {
                // Tries again after a failed attempt, on this thread once this sweep is done.
                events.request();
            }
            for (int from = 0; from < waiting.size(); from += SWEEP_BATCH) {
                client.getAll(waiting.subList(from, Math.min(from + SWEEP_BATCH, waiting.size()))).forEach(this::fireIfEnded);
            }
        } catch (RuntimeException e) {
            log.warn("Callback sweep failed, retrying in {} s: {}", SWEEP_INTERVAL.toSeconds(), e.getMessage());
        }
    }

    private void fireIfEnded(JobView job) {
        callbacks.fire(job.id(), job.status(), job.result(), job.error());
    }

    @Override
    public void close() throws Exception {
        sweeper.shutdownNow();
        events.close();
        callbackExecutor.shutdown();
        callbackExecutor.awaitTermination(5, TimeUnit.SECONDS);
        if (resources != null) {
            resources.close();
        }
    }
}
