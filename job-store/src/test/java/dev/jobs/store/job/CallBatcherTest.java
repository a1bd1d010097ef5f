package dev.jobs.store.job;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallBatcherTest {

    @Test
    void concurrentCallsGetOwnOutputs() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(7, inputs -> {
            batchSizes.add(inputs.size());
            sleep(2);
            return inputs.stream().map(input -> input * 10).toList();
        });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> outputs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int input = i;
                outputs.add(pool.submit(() -> batcher.call(input)));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(outputs.get(i).get()).isEqualTo(i * 10);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 7));
        assertThat(batchSizes.size()).as("batches formed").isLessThan(200);
    }

    @Test
    void everyCallInBurstReturns() throws Exception {
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(2, inputs -> {
            sleepNanos(20_000);
            return inputs.stream().map(input -> -input).toList();
        });
        int burst = 8;
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            // A burst of 8 needs several batches of 2. Its last callers have no later caller to batch their
            // inputs, so they return only if a leader hands the lead over.
            for (int round = 0; round < 300; round++) {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<Future<Integer>> outputs = new ArrayList<>();
                for (int i = 0; i < burst; i++) {
                    int input = round * burst + i;
                    outputs.add(pool.submit(() -> {
                        await(start);
                        return batcher.call(input);
                    }));
                }
                start.countDown();
                for (int i = 0; i < burst; i++) {
                    assertThat(outputs.get(i).get(5, java.util.concurrent.TimeUnit.SECONDS))
                            .as("round %d, call %d", round, i).isEqualTo(-(round * burst + i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void groupsRunFlatAndSplitBack() throws Exception {
        List<List<Integer>> flatRuns = new CopyOnWriteArrayList<>();
        CallBatcher<List<Integer>, List<Integer>> batcher = new CallBatcher<>(4, CallBatcher.flattening(inputs -> {
            flatRuns.add(inputs);
            sleep(2);
            return inputs.stream().map(input -> input * 10).toList();
        }));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Integer>>> outputs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                List<Integer> group = List.of(i * 100, i * 100 + 1, i * 100 + 2).subList(0, 1 + i % 3);
                outputs.add(pool.submit(() -> batcher.call(group)));
            }
            for (int i = 0; i < 40; i++) {
                List<Integer> expected = List.of(i * 1000, i * 1000 + 10, i * 1000 + 20).subList(0, 1 + i % 3);
                assertThat(outputs.get(i).get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(flatRuns.stream().mapToInt(List::size).sum()).isEqualTo(40 + 40 / 3 + 2 * (40 / 3));
        assertThat(flatRuns.size()).as("statements run").isLessThan(40);
    }

    @Test
    void batchFailureReachesCaller() {
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> {
            throw new IllegalStateException("database down");
        });

        assertThatThrownBy(() -> batcher.call(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("database down");
    }

    @Test
    void followUpRunsOutsideTheLock() throws Exception {
        java.util.concurrent.CountDownLatch firstFollowUpStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> inputs, outputs -> {
            if (outputs.contains(1)) {
                firstFollowUpStarted.countDown();
                await(releaseFirst);
            }
            return outputs;
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = pool.submit(() -> batcher.call(1));
            assertThat(firstFollowUpStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            Future<Integer> second = pool.submit(() -> batcher.call(2));

            assertThat(second.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("a batch while the first follows up").isEqualTo(2);
            assertThat(first.isDone()).as("the first caller waits for its follow-up").isFalse();
            releaseFirst.countDown();
            assertThat(first.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void followUpFailureReachesCaller() {
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> inputs, outputs -> {
            throw new IllegalStateException("broker down");
        });

        assertThatThrownBy(() -> batcher.call(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("broker down");
    }

    @Test
    void errorInBatchReachesCaller() {
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> {
            throw new AssertionError("bug in the batch");
        });

        assertThatThrownBy(() -> batcher.call(1)).hasRootCauseMessage("bug in the batch");
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepNanos(long nanos) {
        java.util.concurrent.locks.LockSupport.parkNanos(nanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
