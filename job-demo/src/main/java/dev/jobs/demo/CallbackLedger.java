package dev.jobs.demo;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Counts every callback invocation per demo job and keeps the first one. Entries are keyed by the job's index in
 * the mix, not by its job id, because {@code ModelClient} registers the callbacks before it returns the id.
 */
final class CallbackLedger {

    /** One callback invocation: {@code onSuccess} with a result, or {@code onError} with an error. */
    record Invocation(boolean success, JsonNode result, String error) {
    }

    private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<Integer, Invocation> firstInvocations = new ConcurrentHashMap<>();

    Consumer<JsonNode> onSuccess(int index) {
        return result -> record(index, new Invocation(true, result, null));
    }

    Consumer<String> onError(int index) {
        return error -> record(index, new Invocation(false, null, error));
    }

    int count(int index) {
        AtomicInteger count = counts.get(index);
        return count == null ? 0 : count.get();
    }

    Optional<Invocation> firstInvocation(int index) {
        return Optional.ofNullable(firstInvocations.get(index));
    }

    /** Returns how many jobs have had at least one callback. */
    int jobsCalledBack() {
        return counts.size();
    }

    private void record(int index, Invocation invocation) {
        firstInvocations.putIfAbsent(index, invocation);
        counts.computeIfAbsent(index, key -> new AtomicInteger()).incrementAndGet();
    }
}
