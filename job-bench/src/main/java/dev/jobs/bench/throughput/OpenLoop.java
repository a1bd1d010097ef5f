package dev.jobs.bench.throughput;

import dev.jobs.bench.stack.Clock;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Hands tasks to a pool at a fixed rate, open loop. Task k is due at t0 + k / rate and is handed over at that moment,
 * whatever earlier tasks are doing. A slow system therefore gets more work waiting, not less work offered.
 */
final class OpenLoop {

    /** One paced task: its number from 0 and its due time in epoch microseconds. */
    @FunctionalInterface
    interface Task {
        void run(int k, long dueMicros);
    }

    private final ExecutorService executor;
    private final long intervalNanos;

    OpenLoop(ExecutorService executor, int ratePerSecond) {
        this.executor = executor;
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
    }

    /**
     * Hands over tasks until {@code count} are handed over or {@code stop} (asked before each) returns true, and
     * returns how many were handed over. Tasks may still be running when this returns.
     */
    int run(int count, BooleanSupplier stop, Task task) {
        long startNanos = System.nanoTime() + 50_000_000;
        long startMicros = Clock.nowMicros() + 50_000;
        int k = 0;
        while (k < count && !stop.getAsBoolean()) {
            long dueNanos = startNanos + k * intervalNanos;
            long wait;
            while ((wait = dueNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int number = k;
            long dueMicros = startMicros + k * intervalNanos / 1_000;
            executor.execute(() -> task.run(number, dueMicros));
            k++;
        }
        return k;
    }
}
