package dev.jobs.store.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts of concurrent callers against a {@link CallBatcher} whose batches and follow-ups fail, throw errors, run
 * slowly or get interrupted callers. Every caller must return within 5 s, with its own output or the failure of its
 * own batch, and every batch that succeeded must run its follow-up exactly once.
 */
class CallBatcherStressTest {

    /** Maximum time one burst may take before its unfinished callers count as hung. */
    private static final long BURST_TIMEOUT_MS = 5_000;

    /** Time spent on random bursts per configuration. Both tests together take about 5 s. */
    private static final long RUN_MS_PER_CONFIGURATION = 500;

    /** An output: the caller's input, the batch that ran it, and whether the follow-up replaced it. */
    private record Output(int input, long batchId, boolean followedUp) {
    }

    /** A batch failure that names its batch, so a caller can check that the failure is its own batch's. */
    private static final class BatchFailure extends RuntimeException {
        final long batchId;

        BatchFailure(String stage, long batchId) {
            super(stage + " of batch " + batchId + " failed", null, false, false);
            this.batchId = batchId;
        }
    }

    private static final class BatchError extends Error {
        final long batchId;

        BatchError(long batchId) {
            super("error in batch " + batchId, null, false, false);
            this.batchId = batchId;
        }
    }

    /** What the batch function and the follow-up recorded about each batch. */
    private static final class Ledger {
        final AtomicLong batchIds = new AtomicLong();
        final Map<Long, Boolean> batchSucceeded = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> followUpRuns = new ConcurrentHashMap<>();
        final Map<Long, Boolean> followUpEnded = new ConcurrentHashMap<>();
        final Map<Integer, Long> batchOfInput = new ConcurrentHashMap<>();
        final AtomicInteger duplicateInputs = new AtomicInteger();
        final AtomicInteger emptyBatches = new AtomicInteger();
        final AtomicInteger oversizedBatches = new AtomicInteger();
        /** Batches run by a thread whose own input was not in them: a leader whose input sat beyond maxBatch. */
        final AtomicInteger batchesForOthers = new AtomicInteger();
    }

    /** Input of the caller on this thread, so the batch function can tell whether its leader's input is in it. */
    private static final ThreadLocal<Integer> CALLER_INPUT = new ThreadLocal<>();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomBurstsAnswerEveryCaller() throws Exception {
        int[][] configurations = {{1, 2}, {1, 8}, {1, 16}, {2, 3}, {2, 8}, {3, 16}, {7, 16}};
        int totalBatchesForOthers = 0;
        for (int[] configuration : configurations) {
            totalBatchesForOthers += runBursts(configuration[0], configuration[1], false);
        }
        assertThat(totalBatchesForOthers).as("batches a leader ran ahead of its own input").isPositive();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void burstsWithInterruptedCallersAnswerEveryCaller() throws Exception {
        int[][] configurations = {{1, 8}, {2, 8}, {4, 16}};
        for (int[] configuration : configurations) {
            runBursts(configuration[0], configuration[1], true);
        }
    }

    /**
     * Runs random bursts for {@link #RUN_MS_PER_CONFIGURATION} and checks every caller and batch. Returns the
     * number of batches a leader ran for inputs ahead of its own.
     */
    private static int runBursts(int maxBatch, int burst, boolean interrupt) throws Exception {
        Ledger ledger = new Ledger();
        CallBatcher<Integer, Output> batcher = new CallBatcher<>(maxBatch,
                inputs -> runBatch(ledger, maxBatch, inputs),
                outputs -> followUp(ledger, outputs));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MS_PER_CONFIGURATION);
        int nextInput = 0;
        int round = 0;
        while (System.nanoTime() < end) {
            runBurst(batcher, ledger, nextInput, burst, interrupt, "maxBatch " + maxBatch + ", burst " + burst
                    + ", round " + round);
            nextInput += burst;
            round++;
        }

        assertThat(ledger.emptyBatches.get()).as("empty batches").isZero();
        assertThat(ledger.oversizedBatches.get()).as("batches above maxBatch %d", maxBatch).isZero();
        assertThat(ledger.duplicateInputs.get()).as("inputs batched twice").isZero();
        assertThat(ledger.batchOfInput).as("inputs batched").hasSize(nextInput);
        for (Map.Entry<Long, Boolean> batch : ledger.batchSucceeded.entrySet()) {
            AtomicInteger runs = ledger.followUpRuns.get(batch.getKey());
            int followUps = runs == null ? 0 : runs.get();
            assertThat(followUps).as("follow-ups of batch %d (succeeded: %s)", batch.getKey(), batch.getValue())
                    .isEqualTo(batch.getValue() ? 1 : 0);
        }
        return ledger.batchesForOthers.get();
    }

    private static void runBurst(CallBatcher<Integer, Output> batcher, Ledger ledger, int firstInput, int burst,
                                 boolean interrupt, String label) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(burst);
        List<Thread> callers = new ArrayList<>(burst);
        for (int i = 0; i < burst; i++) {
            int slot = i;
            int input = firstInput + i;
            Thread caller = new Thread(() -> {
                awaitUninterruptibly(start);
                CALLER_INPUT.set(input);
                try {
                    results.set(slot, batcher.call(input));
                } catch (RuntimeException | Error e) {
                    results.set(slot, e);
                } finally {
                    CALLER_INPUT.remove();
                }
            }, "caller-" + input);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        start.countDown();
        if (interrupt) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000));
            for (int i = 0; i < burst; i += 2) {
                callers.get(i).interrupt();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BURST_TIMEOUT_MS);
        for (Thread caller : callers) {
            caller.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        List<String> hung = callers.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        assertThat(hung).as("%s: callers still waiting after %d ms", label, BURST_TIMEOUT_MS).isEmpty();

        for (int i = 0; i < burst; i++) {
            int input = firstInput + i;
            checkResult(ledger, input, results.get(i), label);
        }
    }

    /** Checks that a caller got its own output, after its follow-up, or the failure of its own batch. */
    private static void checkResult(Ledger ledger, int input, Object result, String label) {
        Long batchId = ledger.batchOfInput.get(input);
        assertThat(batchId).as("%s: batch of input %d", label, input).isNotNull();
        boolean succeeded = ledger.batchSucceeded.get(batchId);
        switch (result) {
            case Output output -> {
                assertThat(output.input()).as("%s: input of the output of caller %d", label, input).isEqualTo(input);
                assertThat(output.batchId()).as("%s: batch of the output of caller %d", label, input).isEqualTo(batchId);
                assertThat(output.followedUp()).as("%s: output of caller %d replaced by its follow-up", label, input)
                        .isTrue();
                assertThat(ledger.followUpEnded.get(batchId)).as("%s: follow-up of batch %d ended before caller %d"
                        + " returned", label, batchId, input).isTrue();
            }
            case BatchFailure failure -> assertThat(failure.batchId)
                    .as("%s: batch of the failure of caller %d (%s)", label, input, failure.getMessage())
                    .isEqualTo(batchId);
            case java.util.concurrent.CompletionException wrapped when wrapped.getCause() instanceof BatchError error -> {
                assertThat(error.batchId).as("%s: batch of the error of caller %d", label, input).isEqualTo(batchId);
                assertThat(succeeded).as("%s: batch %d succeeded but caller %d got its error", label, batchId, input)
                        .isFalse();
            }
            default -> throw new AssertionError(label + ": caller " + input + " got an unexpected result: " + result,
                    result instanceof Throwable thrown ? thrown : null);
        }
    }

    private static List<Output> runBatch(Ledger ledger, int maxBatch, List<Integer> inputs) {
        long batchId = ledger.batchIds.incrementAndGet();
        if (inputs.isEmpty()) {
            ledger.emptyBatches.incrementAndGet();
        }
        if (inputs.size() > maxBatch) {
            ledger.oversizedBatches.incrementAndGet();
        }
        if (!inputs.contains(CALLER_INPUT.get())) {
            ledger.batchesForOthers.incrementAndGet();
        }
        for (Integer input : inputs) {
            if (ledger.batchOfInput.putIfAbsent(input, batchId) != null) {
                ledger.duplicateInputs.incrementAndGet();
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        pause(random);
        int roll = random.nextInt(100);
        if (roll < 10) {
            ledger.batchSucceeded.put(batchId, false);
            throw new BatchFailure("statement", batchId);
        }
        if (roll < 15) {
            ledger.batchSucceeded.put(batchId, false);
            throw new BatchError(batchId);
        }
        ledger.batchSucceeded.put(batchId, true);
        return inputs.stream().map(input -> new Output(input, batchId, false)).toList();
    }

    private static List<Output> followUp(Ledger ledger, List<Output> outputs) {
        long batchId = outputs.getFirst().batchId();
        ledger.followUpRuns.computeIfAbsent(batchId, id -> new AtomicInteger()).incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextInt(10) == 0) {
            // A slow follow-up, such as a publish that waits for its confirms.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        } else {
            pause(random);
        }
        ledger.followUpEnded.put(batchId, true);
        if (random.nextInt(10) == 0) {
            throw new BatchFailure("follow-up", batchId);
        }
        return outputs.stream().map(output -> new Output(output.input(), output.batchId(), true)).toList();
    }

    /** Pauses for 0 to 50 µs, or yields, so that threads interleave in many orders. */
    private static void pause(ThreadLocalRandom random) {
        int choice = random.nextInt(3);
        if (choice == 0) {
            Thread.yield();
        } else if (choice == 1) {
            LockSupport.parkNanos(random.nextLong(50_000));
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
