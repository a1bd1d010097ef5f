package dev.jobs.worker.retention;

import dev.jobs.store.limits.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes finished jobs older than the retention period, in batches of {@value #BATCH_SIZE} so no statement locks many
 * rows, and at most {@value #MAX_BATCHES_PER_PASS} batches per pass so one pass stays short. Every worker runs it;
 * the batches skip rows another worker is deleting.
 */
public final class RetentionTask implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionTask.class);

    static final int BATCH_SIZE = 500;
    static final int MAX_BATCHES_PER_PASS = 100;

    private final Retention retention;
    private final Duration keep;
    private final Clock clock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retention").daemon().factory());

    public RetentionTask(Retention retention, Duration keep, Clock clock) {
        this.retention = retention;
        this.keep = keep;
        this.clock = clock;
    }

    /** Runs a pass every {@code interval}; a zero retention period disables deleting. */
    public RetentionTask start(Duration interval) {
        if (keep.isZero()) {
            log.info("Retention disabled: finished jobs are kept");
            return this;
        }
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Retention started: deleting jobs finished more than {} days ago, every {} ms", keep.toDays(),
                interval.toMillis());
        return this;
    }

    /** Deletes old finished jobs; returns how many. */
    public int deleteOnce() {
        int deleted = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
            int count = retention.deleteFinishedBefore(clock.instant().minus(keep), BATCH_SIZE);
            deleted += count;
            if (count < BATCH_SIZE) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("Retention deleted {} finished job(s) older than {} days", deleted, keep.toDays());
        }
        return deleted;
    }

    private void runSafely() {
        try {
            deleteOnce();
        } catch (RuntimeException e) {
            log.warn("Retention pass failed, retrying next pass: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
