package dev.jobs.store.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers that queue while a batch runs: they must be woken to lead when the leader unlocks, before its follow-up.
 * A caller interrupted while it waits must still get its own output, and a batch whose follow-up returns too few
 * outputs must fail every caller of that batch instead of leaving one waiting.
 */
class CallBatcherHandOverTest {

    /** A caller running on its own thread, with what it returned or threw. */
    private static final class Caller {
        final Thread thread;
        final AtomicReference<Object> result = new AtomicReference<>();
        final AtomicBoolean interruptedOnReturn = new AtomicBoolean();

        Caller(CallBatcher<Integer, Integer> batcher, int input) {
            thread = new Thread(() -> {
                try {
                    result.set(batcher.call(input));
                } catch (RuntimeException | Error e) {
                    result.set(e);
                }
                interruptedOnReturn.set(Thread.currentThread().isInterrupted());
            }, "caller-" + input);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A point where the batch or follow-up of input 0 stops until the test opens it. */
    private static final class Gate {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch opened = new CountDownLatch(1);

        void stopIfFirst(List<Integer> values) {
            if (values.contains(0)) {
                reached.countDown();
                await(opened);
            }
        }

        boolean awaitReached() throws InterruptedException {
            return reached.await(5, TimeUnit.SECONDS);
        }

        void open() {
            opened.countDown();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void queuedCallersLeadWhileFollowUpBlocks() throws Exception {
        Gate firstBatch = new Gate();
        Gate firstFollowUp = new Gate();
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(2, inputs -> {
            firstBatch.stopIfFirst(inputs);
            return inputs.stream().map(input -> input * 10).toList();
        }, outputs -> {
            firstFollowUp.stopIfFirst(outputs);
            return outputs;
        });
        try {
            Caller first = new Caller(batcher, 0);
            assertThat(firstBatch.awaitReached()).as("first batch started").isTrue();
            List<Caller> queued = new ArrayList<>();
            for (int input = 1; input <= 5; input++) {
                queued.add(new Caller(batcher, input));
            }
            for (Caller caller : queued) {
                awaitWaiting(caller.thread);
            }

            // Inputs 1 to 5 queued while the lock was held, so no later caller batches them: the first caller must
            // hand the lead over when it unlocks, and not wait until its follow-up ends.
            firstBatch.open();
            assertThat(firstFollowUp.awaitReached()).as("first follow-up started").isTrue();
            for (Caller caller : queued) {
                caller.thread.join(5_000);
                assertThat(caller.thread.isAlive()).as("%s waiting while the first follow-up blocks",
                        caller.thread.getName()).isFalse();
            }
            for (int i = 0; i < queued.size(); i++) {
                assertThat(queued.get(i).result.get()).as("output of caller %d", i + 1).isEqualTo((i + 1) * 10);
            }
            assertThat(first.thread.isAlive()).as("first caller waits for its follow-up").isTrue();

            firstFollowUp.open();
            first.thread.join(5_000);
            assertThat(first.result.get()).as("output of caller 0").isEqualTo(0);
        } finally {
            firstBatch.open();
            firstFollowUp.open();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void interruptedWaiterGetsOwnOutput() throws Exception {
        Gate firstBatch = new Gate();
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> {
            firstBatch.stopIfFirst(inputs);
            return inputs.stream().map(input -> input * 10).toList();
        });
        try {
            Caller first = new Caller(batcher, 0);
            assertThat(firstBatch.awaitReached()).as("first batch started").isTrue();
            Caller waiter = new Caller(batcher, 1);
            awaitWaiting(waiter.thread);

            waiter.thread.interrupt();
            // The waiter must keep waiting: it has no output yet, and its input is still queued.
            Thread.sleep(100);
            assertThat(waiter.thread.isAlive()).as("interrupted waiter still waits").isTrue();

            firstBatch.open();
            first.thread.join(5_000);
            waiter.thread.join(5_000);
            assertThat(first.result.get()).as("output of caller 0").isEqualTo(0);
            assertThat(waiter.result.get()).as("output of the interrupted caller").isEqualTo(10);
            assertThat(waiter.interruptedOnReturn.get()).as("interrupt status kept").isTrue();
        } finally {
            firstBatch.open();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void followUpWithTooFewOutputsFailsItsCallers() throws Exception {
        Gate firstBatch = new Gate();
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> {
            firstBatch.stopIfFirst(inputs);
            return inputs;
        }, outputs -> outputs.subList(0, 1));
        try {
            Caller first = new Caller(batcher, 0);
            assertThat(firstBatch.awaitReached()).as("first batch started").isTrue();
            Caller second = new Caller(batcher, 1);
            Caller third = new Caller(batcher, 2);
            awaitWaiting(second.thread);
            awaitWaiting(third.thread);

            // Inputs 1 and 2 form the next batch, and its follow-up returns one output for two callers.
            firstBatch.open();
            first.thread.join(5_000);
            second.thread.join(5_000);
            third.thread.join(5_000);
            assertThat(first.result.get()).as("output of caller 0, alone in its batch").isEqualTo(0);
            assertThat(second.thread.isAlive()).as("caller 1 still waiting").isFalse();
            assertThat(third.thread.isAlive()).as("caller 2 still waiting").isFalse();
            assertThat(second.result.get()).as("result of caller 1").isInstanceOf(IllegalStateException.class);
            assertThat(third.result.get()).as("result of caller 2").isInstanceOf(IllegalStateException.class);
        } finally {
            firstBatch.open();
        }
    }

    /** Waits up to 5 s until the thread parks, which a caller does only once its input is queued. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(thread.getState()).as("state of %s", thread.getName()).isEqualTo(Thread.State.WAITING);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a latch", e);
        }
    }
}
