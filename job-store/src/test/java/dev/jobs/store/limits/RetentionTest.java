package dev.jobs.store.limits;

import dev.jobs.store.JobStore;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.job.Outcome;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {

    private static JobRepository jobs;
    private static Retention retention;

    @BeforeAll
    static void migrate() {
        JobStore store = JobStore.migrateAndOpen(TestServices.dataSource());
        jobs = store.jobs();
        retention = new Retention(store.dsl());
    }

    @Test
    void deletesOnlyFinishedJobsOlderThanCutoff() {
        Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
        UUID oldCompleted = finishedJob(longAgo);
        UUID recentCompleted = finishedJob(Instant.now());
        UUID oldPending = jobs.insertIfAbsent(newJob()).id();
        UUID oldRunning = jobs.insertIfAbsent(newJob()).id();
        jobs.markRunning(oldRunning, longAgo, longAgo.plusSeconds(60));

        int deleted = retention.deleteFinishedBefore(Instant.parse("2021-01-01T00:00:00Z"), 500);

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(jobs.find(oldCompleted)).as("finished in 2020").isEmpty();
        assertThat(jobs.find(recentCompleted)).as("finished now").isPresent();
        assertThat(jobs.find(oldPending)).as("pending").isPresent();
        assertThat(jobs.find(oldRunning)).as("running since 2020").isPresent();
    }

    @Test
    void deletesAtMostOneBatch() {
        Instant longAgo = Instant.parse("2019-06-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            finishedJob(longAgo.plusSeconds(i));
        }

        int deleted = retention.deleteFinishedBefore(Instant.parse("2019-07-01T00:00:00Z"), 2);

        assertThat(deleted).isEqualTo(2);
    }

    private static UUID finishedJob(Instant completedAt) {
        UUID id = jobs.insertIfAbsent(newJob()).id();
        jobs.markRunning(id, completedAt.minusSeconds(10), completedAt.plusSeconds(60));
        jobs.finish(jobs.find(id).orElseThrow(), Outcome.completed("{}", null), completedAt, RetentionTest::event);
        return id;
    }

    private static NewJob newJob() {
        return new NewJob(UUID.randomUUID(), "retention-test", "{}", 1, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), null, null, null);
    }

    private static OutboxMessage event(JobRow row) {
        return OutboxMessage.of(row.id(), "exchange", "key", row.id().toString(), "{}");
    }
}
