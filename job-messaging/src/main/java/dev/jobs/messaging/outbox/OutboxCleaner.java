package dev.jobs.messaging.outbox;

import dev.jobs.store.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the outbox rows of confirmed messages on its own thread, as many per statement as have arrived. No
 * publisher waits for the delete, so a submit returns, and a delivery is acknowledged, once its message is confirmed.
 * A row left behind (the process stopped, or the delete failed) is published again by a relay once it is stale, and
 * consumers drop that copy by its message id.
 */
final class OutboxCleaner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleaner.class);

    private static final int MAX_BATCH = 1000;

    /**
     * How long the cleaner collects ids after the first one before it deletes. Nothing waits for the delete, so a
     * few ms more gather many confirmed rows into one statement where a busy publisher would otherwise cause one
     * delete per group.
     */
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final OutboxRepository outbox;
    private final LinkedBlockingQueue<Long> confirmed = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    OutboxCleaner(OutboxRepository outbox) {
        this.outbox = outbox;
        this.thread = Thread.ofPlatform().name("outbox-cleaner").daemon().start(this::run);
    }

    /** Queues the rows for deletion. Once the cleaner has stopped, deletes them on the calling thread. */
    void delete(Collection<Long> ids) {
        confirmed.addAll(ids);
        if (!thread.isAlive()) {
            // The thread may have stopped just before the ids were queued, so whatever is queued is deleted here.
            List<Long> left = new ArrayList<>();
            confirmed.drainTo(left);
            if (!left.isEmpty()) {
                deleteNow(left);
            }
        }
    }

    private void run() {
        try {
            while (!closing || !confirmed.isEmpty()) {
                Long first = confirmed.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    if (!closing) {
                        Thread.sleep(LINGER);
                    }
                    deleteWith(first);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("The outbox cleaner stopped, so publishers delete the rows of confirmed messages from now on", e);
        }
    }

    private void deleteWith(long first) {
        List<Long> batch = new ArrayList<>();
        batch.add(first);
        confirmed.drainTo(batch, MAX_BATCH - 1);
        deleteNow(batch);
    }

    private void deleteNow(List<Long> batch) {
        try {
            outbox.deleteAll(batch);
        } catch (RuntimeException e) {
            log.warn("Deleting {} outbox rows of confirmed messages failed, so the relay publishes them again later: {}",
                    batch.size(), e.getMessage());
        }
    }

    /** Deletes what is queued, waiting up to {@link #CLOSE_WAIT}, then stops. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join(CLOSE_WAIT);
        if (thread.isAlive()) {
            thread.interrupt();
            log.warn("Stopped before deleting {} outbox rows of confirmed messages, so the relay publishes them again later",
                    confirmed.size());
        }
    }
}
