package dev.jobs.store.query;

import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        // The keys come first, one row more than the page, to learn whether another page follows. The rows are
        // then read by primary key through the repository, which owns the mapping of a row.
        // NOTE: a job whose status changes between the two reads is returned with its new status, even when that
        // no longer matches a status filter.
        List<Record2<OffsetDateTime, UUID>> keys = dsl.select(JOBS.CREATED_AT, JOBS.ID)
                .from(JOBS)
                .where(conditions(filter, after))
                .orderBy(JOBS.CREATED_AT.desc(), JOBS.ID.desc())
                .limit(limit + 1)
                .fetch();
        boolean more = keys.size() > limit;
        List<Record2<OffsetDateTime, UUID>> page = more ? keys.subList(0, limit) : keys;
        List<UUID> ids = page.stream().map(Record2::value2).toList();
        Map<UUID, JobRow> rows = new JobRepository(dsl).findAll(ids).stream()
                .collect(Collectors.toMap(JobRow::id, Function.identity()));
        List<JobRow> ordered = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            JobRow row = rows.get(id);
            if (row != null) {
                ordered.add(row);
            }
        }
        PageCursor next = null;
        if (more) {
            Record2<OffsetDateTime, UUID> last = page.getLast();
            next = new PageCursor(last.value1().toInstant(), last.value2());
        }
        return new JobPage(ordered, next);
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
