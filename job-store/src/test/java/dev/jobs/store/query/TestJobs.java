package dev.jobs.store.query;

import dev.jobs.store.JobStore;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.testing.TestServices;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.jobs.store.generated.Tables.JOBS;
import static dev.jobs.store.generated.Tables.JOB_OUTBOX;

/** Job rows for query tests, each test under a type of its own so tests sharing the run database stay apart. */
final class TestJobs {

    private static JobStore store;

    private TestJobs() {
    }

    static synchronized JobStore store() {
        if (store == null) {
            store = JobStore.migrateAndOpen(TestServices.dataSource());
        }
        return store;
    }

    static String uniqueType() {
        return "query-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Inserts a pending job and sets its creation time, which the insert leaves to the database clock. */
    static UUID insert(String type, Instant createdAt) {
        UUID id = UUID.randomUUID();
        NewJob job = new NewJob(id, type, "{}", 1, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1),
                null, null, null);
        store().jobs().insert(job, row -> OutboxMessage.of(row.id(), "x", row.type(), row.id().toString(), "{}"));
        // The outbox row would be republished by any relay running on this database.
        store().dsl().deleteFrom(JOB_OUTBOX).where(JOB_OUTBOX.JOB_ID.eq(id)).execute();
        store().dsl().update(JOBS)
                .set(JOBS.CREATED_AT, createdAt.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))
                .where(JOBS.ID.eq(id))
                .execute();
        return id;
    }

    /** Sets the scheduled start of a pending job. */
    static void scheduleAt(UUID id, Instant runAt) {
        store().dsl().update(JOBS).set(JOBS.RUN_AT, runAt.atOffset(ZoneOffset.UTC)).where(JOBS.ID.eq(id)).execute();
    }
}
