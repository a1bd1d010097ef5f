package dev.jobs.producer.service;

import dev.jobs.store.query.JobStatisticsQuery;
import dev.jobs.store.query.TypeStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gauges of the pending backlog per job type, refreshed from the database on a fixed interval:
 * {@code jobs.oldest.pending.age} (seconds, {@code jobs_oldest_pending_age_seconds} in Prometheus, 0 when no job is
 * due) and {@code jobs.pending} (pending jobs, scheduled ones included). Alerts on a stuck queue use the first.
 */
final class PendingJobMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PendingJobMetrics.class);

    private final JobStatisticsQuery statistics;
    private final Collection<String> knownTypes;
    private final Clock clock;
    private final MultiGauge oldestAge;
    private final MultiGauge pending;
    private final ScheduledExecutorService scheduler;

    PendingJobMetrics(JobStatisticsQuery statistics, Collection<String> knownTypes, MeterRegistry registry, Clock clock) {
        this.statistics = statistics;
        this.knownTypes = knownTypes;
        this.clock = clock;
        this.oldestAge = MultiGauge.builder("jobs.oldest.pending.age").baseUnit("seconds")
                .description("How long the longest-waiting due pending job of the type has waited").register(registry);
        this.pending = MultiGauge.builder("jobs.pending")
                .description("Pending jobs of the type, scheduled ones included").register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pending-job-metrics").daemon().factory());
    }

    PendingJobMetrics start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the statistics once; a failure keeps the previous values and is logged, and the next run tries again. */
    void refresh() {
        try {
            Map<String, TypeStatistics> byType = new TreeMap<>();
            statistics.unfinishedByType(clock.instant(), QueueStatusReader.OVERDUE_MARGIN)
                    .forEach(type -> byType.put(type.type(), type));
            knownTypes.forEach(type -> byType.putIfAbsent(type, new TypeStatistics(type, 0, 0, null, 0, 0, 0)));
            List<MultiGauge.Row<?>> ages = new ArrayList<>();
            List<MultiGauge.Row<?>> counts = new ArrayList<>();
            for (TypeStatistics type : byType.values()) {
                double age = type.oldestPendingAge() == null ? 0 : type.oldestPendingAge().toMillis() / 1000.0;
                ages.add(MultiGauge.Row.of(Tags.of("type", type.type()), age));
                counts.add(MultiGauge.Row.of(Tags.of("type", type.type()), type.pending()));
            }
            oldestAge.register(ages, true);
            pending.register(counts, true);
        } catch (RuntimeException e) {
            log.warn("Refreshing the pending-job gauges failed, keeping the previous values: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
