package dev.jobs.store.query;

import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.jobs.store.generated.Tables.JOBS;

/**
 * Lists jobs newest first with keyset pagination on {@code (created_at, id)}. A page starts strictly after its
 * cursor, so rows inserted while a client pages through never shift the pages: nothing is skipped or repeated
 * among the rows that existed at the first page. The order follows {@code jobs_created_at_idx}, and the status and
 * type filters can use {@code jobs_status_type_idx}; no {@code OFFSET} is ever scanned.
 */
public final class JobListQuery {

    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 500;

    private final DSLContext dsl;

    public JobListQuery(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Reads one page.
     *
     * @param after where to start, or {@code null} for the first page
     * @param limit page size, from {@link #MIN_LIMIT} to {@link #MAX_LIMIT}
     * @throws IllegalArgumentException when the limit is out of range
     */
    public JobPage list(JobFilter filter, PageCursor after, int limit) {
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is " + limit + ", allowed " + MIN_LIMIT + " to " + MAX_LIMIT);
        }
        // Reading one row more than the page shows whether another page follows.
        List<JobRow> rows = dsl.selectFrom(JOBS)
                .where(conditions(filter, after))
                .orderBy(JOBS.CREATED_AT.desc(), JOBS.ID.desc())
                .limit(limit + 1)
                .fetch(JobRepository::toRow);
        boolean more = rows.size() > limit;
        List<JobRow> page = more ? rows.subList(0, limit) : rows;
        PageCursor next = null;
        if (more) {
            JobRow last = page.getLast();
            next = new PageCursor(last.createdAt(), last.id());
        }
        return new JobPage(List.copyOf(page), next);
    }

    private static List<Condition> conditions(JobFilter filter, PageCursor after) {
        List<Condition> conditions = new ArrayList<>();
        if (filter.status() != null) {
            conditions.add(JOBS.STATUS.eq(filter.status().wireName()));
        }
        if (filter.type() != null) {
            conditions.add(JOBS.TYPE.eq(filter.type()));
        }
        if (filter.createdAfter() != null) {
            conditions.add(JOBS.CREATED_AT.gt(utc(filter.createdAfter())));
        }
        if (filter.createdBefore() != null) {
            conditions.add(JOBS.CREATED_AT.lt(utc(filter.createdBefore())));
        }
        if (after != null) {
            conditions.add(DSL.row(JOBS.CREATED_AT, JOBS.ID).lt(utc(after.createdAt()), after.id()));
        }
        return conditions;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
