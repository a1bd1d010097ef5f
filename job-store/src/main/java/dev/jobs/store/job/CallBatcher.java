package dev.jobs.store.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs concurrent calls of one kind as batches, so that a group of threads costs one transaction instead of one
 * each. A caller queues its input, then takes the lock: unless an earlier holder already ran its input, it runs every
 * queued input (up to the maximum) as one batch. Each caller returns its own output, or throws the batch's
 * exception, only after its batch finished. A lone caller forms a batch of one, so no call waits for company.
 *
 * @param <I> one call's input
 * @param <O> one call's output
 */
public final class CallBatcher<I, O> {

    private record Call<I, O>(I input, CompletableFuture<O> output) {
    }

    private final int maxBatch;
    private final Function<List<I>, List<O>> runBatch;
    private final ConcurrentLinkedQueue<Call<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock running = new ReentrantLock();

    /**
     * @param runBatch runs a batch and returns one output per input, in input order
     */
    public CallBatcher(int maxBatch, Function<List<I>, List<O>> runBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be 1 or more, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.runBatch = runBatch;
    }

    /** Runs the input in a batch with the inputs of concurrent callers and returns its output. */
    public O call(I input) {
        Call<I, O> call = new Call<>(input, new CompletableFuture<>());
        queue.add(call);
        running.lock();
        try {
            // While this caller waited for the lock, an earlier holder may have run its input with its batch. A
            // full queue may need more than one batch before this input's turn comes.
            while (!call.output().isDone()) {
                runQueued();
            }
        } finally {
            running.unlock();
        }
        try {
            return call.output().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void runQueued() {
        List<Call<I, O>> batch = new ArrayList<>();
        Call<I, O> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        try {
            List<O> outputs = runBatch.apply(batch.stream().map(Call::input).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).output().complete(outputs.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(call -> call.output().completeExceptionally(e));
        }
    }
}
