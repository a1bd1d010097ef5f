package dev.jobs.producer.callbacks;

import dev.jobs.api.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Callbacks waiting for their job to end. A job's callbacks are removed atomically when they fire, so an event
 * delivered twice, or an event racing with a row read, fires them once.
 */
final class CallbackRegistry {

    private static final Logger log = LoggerFactory.getLogger(CallbackRegistry.class);

    record Callbacks(Consumer<JsonNode> onSuccess, Consumer<String> onError) {
    }

    private final Map<java.util.UUID, List<Callbacks>> waiting = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    CallbackRegistry(ExecutorService executor) {
        this.executor = executor;
    }

    void register(java.util.UUID jobId, Callbacks callbacks) {
        waiting.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(callbacks);
    }

    Set<java.util.UUID> waitingJobIds() {
        return Set.copyOf(waiting.keySet());
    }

    /** Fires and forgets the job's callbacks if any are waiting; a non-terminal status is ignored. */
    void fire(java.util.UUID jobId, JobStatus status, JsonNode result, String error) {
        if (!status.isTerminal()) {
            return;
        }
        List<Callbacks> callbacks = waiting.remove(jobId);
        if (callbacks == null) {
            return;
        }
        for (Callbacks callback : callbacks) {
            executor.execute(() -> invoke(jobId, status, result, error, callback));
        }
    }

    private static void invoke(java.util.UUID jobId, JobStatus status, JsonNode result, String error, Callbacks callback) {
        try {
            if (status == JobStatus.COMPLETED) {
                callback.onSuccess().accept(result);
            } else {
                callback.onError().accept(error == null ? "Job " + status.wireName() : error);
            }
        } catch (RuntimeException e) {
            log.error("Callback of Job(id={}) threw", jobId, e);
        }
    }
}
