package dev.jobs.store.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs concurrent calls of one kind as batches, so that a group of threads costs one transaction instead of one
 * each. A caller queues its input and, if no batch is running, leads: it runs every queued input (up to the
 * maximum) as one batch, and more batches while its own input is still queued. A caller that finds a batch running
 * waits. Either a leader takes its input into a batch, or the leader that leaves it queued hands the lead to the
 * queue's head when it is done. So a caller whose input was batched before its wake-up wakes once, when its output
 * is ready, and does not take the lock. After the batches, the leader runs the optional follow-up of each (such as
 * publishing what the batch committed), so the next batch need not wait for it. The follow-up may replace the
 * outputs. Each caller returns its own output, or throws the batch's exception, only after its batch and follow-up
 * finished. A lone caller forms a batch of one, so no call waits for company.
 *
 * @param <I> one call's input
 * @param <O> one call's output
 */
public final class CallBatcher<I, O> {

    private static final class Call<I, O> {
        private final I input;
        private final CompletableFuture<O> output = new CompletableFuture<>();
        /** Completed when the output is ready or when this caller is to lead. */
        private final CompletableFuture<Void> wake = new CompletableFuture<>();
        private volatile boolean batched;

        private Call(I input) {
            this.input = input;
        }
    }

    private record Batch<I, O>(List<Call<I, O>> calls, List<O> outputs, Throwable failure) {
    }

    private final int maxBatch;
    private final Function<List<I>, List<O>> runBatch;
    private final UnaryOperator<List<O>> followUp;
    private final ConcurrentLinkedQueue<Call<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock running = new ReentrantLock();

    /**
     * @param runBatch runs a batch and returns one output per input, in input order
     */
    public CallBatcher(int maxBatch, Function<List<I>, List<O>> runBatch) {
        this(maxBatch, runBatch, UnaryOperator.identity());
    }

    /**
     * @param runBatch runs a batch and returns one output per input, in input order
     * @param followUp runs with the outputs of a batch that succeeded, outside the lock, before the callers return,
     *                 and returns the outputs the callers get, in the same order. When it throws, the callers of that
     *                 batch get its exception.
     */
    public CallBatcher(int maxBatch, Function<List<I>, List<O>> runBatch, UnaryOperator<List<O>> followUp) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be 1 or more, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.runBatch = runBatch;
        this.followUp = followUp;
    }

    /**
     * Turns a batch function over single inputs into one over groups of inputs, for a batcher whose callers each bring
     * a group. The groups of a batch run as one flat list, and each group gets its own outputs back, in order.
     */
    public static <I, O> Function<List<List<I>>, List<List<O>>> flattening(Function<List<I>, List<O>> runBatch) {
        return groups -> {
            List<O> outputs = runBatch.apply(groups.stream().flatMap(List::stream).toList());
            List<List<O>> split = new ArrayList<>(groups.size());
            int from = 0;
            for (List<I> group : groups) {
                split.add(outputs.subList(from, from + group.size()));
                from += group.size();
            }
            return split;
        };
    }

    /** Runs the input in a batch with the inputs of concurrent callers and returns its output. */
    public O call(I input) {
        Call<I, O> call = new Call<>(input);
        queue.add(call);
        if (!running.tryLock()) {
            call.wake.join();
            if (call.batched) {
                return outputOf(call);
            }
            running.lock();
        }
        List<Batch<I, O>> ran = new ArrayList<>();
        try {
            // A full queue may need more than one batch before this input's turn comes.
            while (!call.batched) {
                ran.add(runQueued());
            }
        } finally {
            running.unlock();
            handOverLead();
        }
        ran.forEach(this::finish);
        return outputOf(call);
    }

    /**
     * Wakes the caller at the head of the queue to lead. Every leader does this after unlocking, so a queued input
     * always has a caller coming for it. A head that another leader batches meanwhile waits for its output instead.
     */
    private void handOverLead() {
        Call<I, O> head = queue.peek();
        if (head != null) {
            head.wake.complete(null);
        }
    }

    private static <O> O outputOf(Call<?, O> call) {
        try {
            return call.output.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Batch<I, O> runQueued() {
        List<Call<I, O>> calls = new ArrayList<>();
        Call<I, O> next;
        while (calls.size() < maxBatch && (next = queue.poll()) != null) {
            next.batched = true;
            calls.add(next);
        }
        try {
            List<O> outputs = runBatch.apply(calls.stream().map(call -> call.input).toList());
            checkOutputCount("batch function", calls.size(), outputs);
            return new Batch<>(calls, outputs, null);
        } catch (Throwable e) {
            // Every throwable must reach the callers, or they would wait for their output forever.
            return new Batch<>(calls, null, e);
        }
    }

    private static void checkOutputCount(String stage, int inputs, List<?> outputs) {
        if (outputs == null || outputs.size() != inputs) {
            String returned = outputs == null ? "null" : outputs.size() + " outputs";
            throw new IllegalStateException("The " + stage + " returned " + returned + " for " + inputs
                    + " inputs, but it must return one output per input, in input order");
        }
    }

    /** Runs the follow-up of a batch, then hands every caller of the batch its output or the failure. */
    private void finish(Batch<I, O> batch) {
        Throwable failure = batch.failure();
        List<O> outputs = null;
        if (failure == null) {
            try {
                outputs = followUp.apply(batch.outputs());
                checkOutputCount("follow-up", batch.calls().size(), outputs);
            } catch (Throwable e) {
                failure = e;
            }
        }
        for (int i = 0; i < batch.calls().size(); i++) {
            Call<I, O> call = batch.calls().get(i);
            if (failure == null) {
                call.output.complete(outputs.get(i));
            } else {
                call.output.completeExceptionally(failure);
            }
            call.wake.complete(null);
        }
    }
}
