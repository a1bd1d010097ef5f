package dev.jobs.store.limits;

import dev.jobs.api.JobStatus;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.jobs.store.generated.Tables.JOBS;

/** Deletes finished jobs in small batches; pending and running jobs are never touched, whatever their age. */
public final class Retention {

    private static final List<String> FINISHED = List.of(JobStatus.COMPLETED.wireName(), JobStatus.FAILED.wireName(),
            JobStatus.CANCELLED.wireName());

    private final DSLContext dsl;

    public Retention(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Deletes up to {@code batchSize} jobs that finished before {@code cutoff}; returns how many. */
    public int deleteFinishedBefore(Instant cutoff, int batchSize) {
        var batch = dsl.select(JOBS.ID)
                .from(JOBS)
                .where(JOBS.STATUS.in(FINISHED))
                .and(JOBS.COMPLETED_AT.lt(cutoff.atOffset(ZoneOffset.UTC)))
                .orderBy(JOBS.COMPLETED_AT)
                .limit(batchSize)
                .forUpdate()
                .skipLocked();
        return dsl.deleteFrom(JOBS).where(JOBS.ID.in(batch)).execute();
    }
}
