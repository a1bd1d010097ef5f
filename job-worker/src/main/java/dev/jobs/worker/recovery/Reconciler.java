package dev.jobs.worker.recovery;

import dev.jobs.api.message.JobMessage;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.StalledJobs;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Republishes jobs whose message was lost (a broker crash, a purged queue, at-most-once dead-lettering): running
 * jobs whose next check is overdue by more than the margin, and pending jobs whose first message was confirmed but
 * never consumed within the margin. Each is republished once per margin; duplicates that this may create are
 * dropped by the worker through the check number. A job whose check is merely pending is left alone.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final int BATCH_SIZE = 100;

    private final DSLContext dsl;
    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final Duration margin;
    private final Clock clock;
    private final JobMetrics metrics;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("reconciler").daemon().factory());

    public Reconciler(DSLContext dsl, ConfirmedPublisher publisher, Topology topology, Duration margin, Clock clock,
                      JobMetrics metrics) {
        this.metrics = metrics;
        this.dsl = dsl;
        this.publisher = publisher;
        this.topology = topology;
        this.margin = margin;
        this.clock = clock;
    }

    public Reconciler start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Reconciler started: every {} ms, republishing jobs overdue by more than {} ms", interval.toMillis(),
                margin.toMillis());
        return this;
    }

    /** Republishes one batch of stalled jobs; returns how many. */
    public int reconcileOnce() {
        return dsl.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Instant now = clock.instant();
            List<JobRow> stalled = StalledJobs.claim(transaction, now.minus(margin), now.minus(margin), BATCH_SIZE);
            for (JobRow job : stalled) {
                JobMessage message = new JobMessage(JobMessage.SCHEMA_VERSION, job.id(), job.type(),
                        MessageCodec.mapper().readTree(job.payload()), job.checks());
                publisher.publish(topology.workExchange(), job.type(), job.id() + ":reconcile:" + job.checks(),
                        MessageCodec.write(message));
                StalledJobs.markRepublished(transaction, job, now, now);
                metrics.republished(job.type());
                log.warn("Job(id={}, type={}) was {} with its next check overdue since {}; its message was republished",
                        job.id(), job.type(), job.status(), job.nextCheckAt() == null ? job.updatedAt() : job.nextCheckAt());
            }
            return stalled.size();
        });
    }

    private void runSafely() {
        try {
            reconcileOnce();
        } catch (RuntimeException e) {
            log.warn("Reconciler pass failed, retrying next pass: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
