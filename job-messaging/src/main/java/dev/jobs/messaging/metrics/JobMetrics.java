package dev.jobs.messaging.metrics;

import dev.jobs.api.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The job metrics, all tagged by job type where one applies. With Prometheus the dots become underscores and
 * counters get a {@code _total} suffix, for example {@code jobs_finished_total{type="…",status="failed"}}.
 *
 * <ul>
 *   <li>{@code jobs.submitted}: jobs stored by a producer</li>
 *   <li>{@code jobs.started}: jobs moved from pending to running</li>
 *   <li>{@code jobs.finished} with {@code status}: jobs that reached completed, failed or cancelled</li>
 *   <li>{@code jobs.duration} with {@code status}: time from start to end of finished jobs</li>
 *   <li>{@code jobs.checks}: checks of monitored jobs that found them still running</li>
 *   <li>{@code jobs.check.lateness}: how long after its planned time the worker handled a check of a running job,
 *       with p50, p99 and max over the last 40 to 60 s (see {@link #LATENESS_WINDOW})</li>
 *   <li>{@code jobs.retries}: failed attempts that will be retried</li>
 *   <li>{@code jobs.parked} with {@code queue}: messages moved to the parking queue</li>
 *   <li>{@code jobs.reconciler.republished}: jobs whose lost message was republished</li>
 *   <li>{@code jobs.outbox.backlog}: outbox rows not yet published, as of the last relay pass</li>
 * </ul>
 */
public final class JobMetrics {

    /**
     * How long a lateness sample counts towards the published p50, p99 and max. Micrometer resets the window in
     * {@value #LATENESS_BUFFERS} steps, so a reading covers the last 40 to 60 s.
     */
    public static final Duration LATENESS_WINDOW = Duration.ofMinutes(1);

    static final int LATENESS_BUFFERS = 3;

    private final MeterRegistry registry;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final Map<List<String>, Meter> meters = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("jobs.outbox.backlog", outboxBacklog);
    }

    /** Metrics that go nowhere, for code used without a registry. */
    public static JobMetrics discarding() {
        return new JobMetrics(new SimpleMeterRegistry());
    }

    public void submitted(String type) {
        counter("jobs.submitted", type).increment();
    }

    public void started(String type) {
        counter("jobs.started", type).increment();
    }

    public void finished(String type, JobStatus status, Duration duration) {
        String statusName = status.wireName();
        this.<Counter>cached(List.of("jobs.finished", type, statusName), () -> Counter.builder("jobs.finished")
                .tag("type", type).tag("status", statusName).register(registry)).increment();
        // Start and end can come from two hosts whose clocks differ slightly; a negative duration is recorded as zero.
        if (duration != null) {
            this.<Timer>cached(List.of("jobs.duration", type, statusName), () -> Timer.builder("jobs.duration")
                    .tag("type", type).tag("status", statusName).register(registry))
                    .record(duration.isNegative() ? Duration.ZERO : duration);
        }
    }

    public void checked(String type) {
        counter("jobs.checks", type).increment();
    }

    /**
     * Records how late a check of a running job was handled: {@code now} minus the planned time stored with the
     * job. An early check counts as zero, and a check without a planned time is not recorded.
     */
    public void checkLateness(String type, Instant planned, Instant now) {
        if (planned == null) {
            return;
        }
        Duration lateness = Duration.between(planned, now);
        Timer.builder("jobs.check.lateness").tag("type", type)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(LATENESS_WINDOW)
                .distributionStatisticBufferLength(LATENESS_BUFFERS)
                .register(registry)
                .record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    public void retried(String type) {
        counter("jobs.retries", type).increment();
    }

    public void parked(String queue) {
        Counter.builder("jobs.parked").tag("queue", String.valueOf(queue)).register(registry).increment();
    }

    public void republished(String type) {
        counter("jobs.reconciler.republished", type).increment();
    }

    public void outboxBacklog(long rows) {
        outboxBacklog.set(rows);
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String type) {
        return cached(List.of(name, type), () -> Counter.builder(name).tag("type", type).register(registry));
    }

    /**
     * Returns the meter kept under {@code key} (its name and tag values), registering it on first use. Registering
     * builds a new meter id and looks it up on every call, and the worker records several meters per job.
     */
    @SuppressWarnings("unchecked")
    private <M extends Meter> M cached(List<String> key, Supplier<M> register) {
        Meter meter = meters.get(key);
        return meter != null ? (M) meter : (M) meters.computeIfAbsent(key, ignored -> register.get());
    }
}
