package dev.jobs.store.job;

import dev.jobs.api.JobStatus;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;

import static dev.jobs.store.generated.Tables.JOBS;
import static dev.jobs.store.generated.Tables.JOB_OUTBOX;

/**
 * Finds jobs whose message was lost: running jobs whose next check is overdue by a margin, and pending jobs with no
 * outbox row left (their first message was confirmed, so only a broker-side loss explains that they never started).
 * A job whose check is merely due soon is never picked.
 */
public final class StalledJobs {

    private StalledJobs() {
    }

    /**
     * Claims up to {@code limit} stalled jobs inside the caller's transaction ({@code FOR UPDATE SKIP LOCKED}, so two
     * reconcilers never pick the same row).
     *
     * @param overdueBefore a running job is stalled when its next check (or, before the first check, its last
     *                      update) is earlier than this
     * @param pendingBefore a pending job without an outbox row is stalled when created (or, when scheduled, due)
     *                      earlier than this
     */
    public static List<JobRow> claim(DSLContext transaction, Instant overdueBefore, Instant pendingBefore, int limit) {
        var runningStalled = JOBS.STATUS.eq(JobStatus.RUNNING.wireName())
                .and(org.jooq.impl.DSL.coalesce(JOBS.NEXT_CHECK_AT, JOBS.UPDATED_AT).lt(JobRepository.utc(overdueBefore)));
        var pendingStalled = JOBS.STATUS.eq(JobStatus.PENDING.wireName())
                .and(org.jooq.impl.DSL.coalesce(JOBS.RUN_AT, JOBS.CREATED_AT).lt(JobRepository.utc(pendingBefore)))
                .andNotExists(transaction.selectOne().from(JOB_OUTBOX).where(JOB_OUTBOX.JOB_ID.eq(JOBS.ID)));
        return transaction.selectFrom(JOBS)
                .where(runningStalled.or(pendingStalled))
                .orderBy(JOBS.UPDATED_AT)
                .limit(limit)
                .forUpdate()
                .skipLocked()
                .fetch(JobRepository::toRow);
    }

    /** Marks a republished job so the next pass leaves it alone until {@code nextCheckAt} is overdue again. */
    public static void markRepublished(DSLContext transaction, JobRow job, Instant nextCheckAt, Instant now) {
        transaction.update(JOBS)
                .set(JOBS.NEXT_CHECK_AT, JobRepository.utc(nextCheckAt))
                .set(JOBS.UPDATED_AT, JobRepository.utc(now))
                .where(JOBS.ID.eq(job.id()).and(JOBS.STATUS.eq(job.status().wireName())))
                .execute();
    }
}
