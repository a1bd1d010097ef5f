package dev.jobs.messaging.outbox;

import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.publish.PublishFailedException;
import dev.jobs.messaging.publish.UnroutableMessageException;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Republishes outbox rows older than {@link #STALE_AFTER}: rows whose publish right after commit failed, or whose
 * process died before the confirm. Rows are claimed with {@code SKIP LOCKED}, so any number of relays may run.
 * A message can be published twice, because the first publish may have reached the broker before the crash. Workers
 * and subscribers tolerate that by job id and event id.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Age after which a row counts as not published; longer than one confirm timeout. */
    public static final Duration STALE_AFTER = ConfirmedPublisher.CONFIRM_TIMEOUT.plusSeconds(5);
    private static final int BATCH_SIZE = 100;

    private final DSLContext dsl;
    private final OutboxPublisher publisher;
    private final Clock clock;
    private final JobMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private volatile boolean failing;

    public OutboxRelay(DSLContext dsl, OutboxPublisher publisher, Clock clock, JobMetrics metrics) {
        this.dsl = dsl;
        this.metrics = metrics;
        this.publisher = publisher;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon().factory());
    }

    /** Runs a relay pass every {@code interval} until closed. */
    public OutboxRelay start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Outbox relay started: every {} ms, republishing rows older than {} s", interval.toMillis(), STALE_AFTER.toSeconds());
        return this;
    }

    /** Publishes the stale rows of one batch; returns how many were published. */
    public int relayOnce() {
        return dsl.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            List<OutboxMessage> stale = OutboxRepository.claimStale(transaction, clock.instant().minus(STALE_AFTER), BATCH_SIZE);
            int published = 0;
            boolean failed = false;
            for (OutboxMessage message : stale) {
                try {
                    publisher.send(message);
                    OutboxRepository.delete(transaction, message.id());
                    published++;
                } catch (UnroutableMessageException e) {
                    // The broker is up but has no queue for this one (its queue was deleted, say), so the rows after
                    // it still get their turn instead of waiting behind it on every pass.
                    OutboxRepository.countAttempt(transaction, message.id());
                    log.warn("Outbox relay found no queue for message {} of Job(id={}), keeping it for a later pass: {}",
                            message.messageId(), message.jobId(), e.getMessage());
                } catch (PublishFailedException e) {
                    // Keep what was published so far (the commit deletes those rows) and stop this pass: the
                    // broker is likely down, and the remaining rows would fail the same way.
                    OutboxRepository.countAttempt(transaction, message.id());
                    reportFailure(e);
                    failed = true;
                    break;
                }
            }
            if (published > 0) {
                log.info("Outbox relay republished {} message(s)", published);
            }
            if (!failed && failing) {
                log.info("Outbox relay recovered");
                failing = false;
            }
            return published;
        });
    }

    private void runSafely() {
        try {
            relayOnce();
            metrics.outboxBacklog(dsl.fetchCount(dev.jobs.store.generated.Tables.JOB_OUTBOX));
        } catch (RuntimeException e) {
            reportFailure(e);
        }
    }

    /** Logs repeated failures while the broker or database is down once at WARN, then at DEBUG. */
    private void reportFailure(RuntimeException e) {
        if (!failing) {
            log.warn("Outbox relay pass failed, retrying every pass until it succeeds: {}", e.getMessage());
            failing = true;
        } else {
            log.debug("Outbox relay pass failed again: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Outbox relay stopped");
    }
}
