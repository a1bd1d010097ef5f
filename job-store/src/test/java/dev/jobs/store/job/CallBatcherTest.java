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
    void batchFailureReachesCaller() {
        CallBatcher<Integer, Integer> batcher = new CallBatcher<>(10, inputs -> {
            throw new IllegalStateException("database down");
        });

        assertThatThrownBy(() -> batcher.call(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("database down");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
