package dev.jobs.store.query;

import dev.jobs.api.JobStatus;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static dev.jobs.store.generated.Tables.JOBS;

/**
 * Counts unfinished jobs per type in one grouped query over the pending and running rows, which
 * {@code jobs_status_type_idx} finds without reading finished jobs.
 */
public final class JobStatisticsQuery {

    private static final Field<String> PENDING = DSL.val(JobStatus.PENDING.wireName());
    private static final Field<String> RUNNING = DSL.val(JobStatus.RUNNING.wireName());

    private final DSLContext dsl;

    public JobStatisticsQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Reads the statistics of every type that has an unfinished job; types without one are left out.
     *
     * @param now            the time that "due", "future" and ages are measured against
     * @param overdueMargin  how far past its next check a running job must be to count as overdue
     */
    public List<TypeStatistics> unfinishedByType(Instant now, Duration overdueMargin) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        OffsetDateTime overdueBefore = now.minus(overdueMargin).atOffset(ZoneOffset.UTC);
        Field<OffsetDateTime> dueSince = DSL.greatest(JOBS.CREATED_AT, DSL.coalesce(JOBS.RUN_AT, JOBS.CREATED_AT));
        Field<Integer> pending = DSL.count().filterWhere(JOBS.STATUS.eq(PENDING)).as("pending");
        Field<Integer> scheduled = DSL.count().filterWhere(JOBS.STATUS.eq(PENDING).and(JOBS.RUN_AT.gt(at))).as("scheduled");
        Field<OffsetDateTime> oldestDue = DSL.min(dueSince)
                .filterWhere(JOBS.STATUS.eq(PENDING).and(JOBS.RUN_AT.isNull().or(JOBS.RUN_AT.le(at)))).as("oldest_due");
        Field<Integer> running = DSL.count().filterWhere(JOBS.STATUS.eq(RUNNING)).as("running");
        Field<Integer> delayed = DSL.count().filterWhere(JOBS.STATUS.eq(RUNNING).and(JOBS.NEXT_CHECK_AT.gt(at))).as("delayed");
        Field<Integer> overdue = DSL.count()
                .filterWhere(JOBS.STATUS.eq(RUNNING).and(JOBS.NEXT_CHECK_AT.lt(overdueBefore))).as("overdue");

        return dsl.select(JOBS.TYPE, pending, scheduled, oldestDue, running, delayed, overdue)
                .from(JOBS)
                .where(JOBS.STATUS.in(PENDING, RUNNING))
                .groupBy(JOBS.TYPE)
                .orderBy(JOBS.TYPE)
                .fetch(row -> toStatistics(row, now, pending, scheduled, oldestDue, running, delayed, overdue));
    }

    private static TypeStatistics toStatistics(Record row, Instant now, Field<Integer> pending, Field<Integer> scheduled,
                                               Field<OffsetDateTime> oldestDue, Field<Integer> running,
                                               Field<Integer> delayed, Field<Integer> overdue) {
        OffsetDateTime oldest = row.get(oldestDue);
        Duration age = null;
        if (oldest != null) {
            // A row created a moment after "now" was taken would give a negative age.
            Duration raw = Duration.between(oldest.toInstant(), now);
            age = raw.isNegative() ? Duration.ZERO : raw;
        }
        return new TypeStatistics(row.get(JOBS.TYPE), row.get(pending), row.get(scheduled), age, row.get(running),
                row.get(delayed), row.get(overdue));
    }
}
