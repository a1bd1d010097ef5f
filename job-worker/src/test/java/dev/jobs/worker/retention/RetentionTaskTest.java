package dev.jobs.worker.retention;

import dev.jobs.store.JobStore;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.job.Outcome;
import dev.jobs.store.limits.Retention;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTaskTest {

    private static JobStore store;
    private static JobRepository jobs;

    @BeforeAll
    static void migrate() {
        store = JobStore.migrateAndOpen(TestServices.dataSource());
        jobs = store.jobs();
    }

    @Test
    void deletesJobsOlderThanPeriod() {
        Instant now = Instant.parse("2030-03-31T00:00:00Z");
        UUID finishedLongAgo = finishedAt(now.minus(Duration.ofDays(31)));
        UUID finishedRecently = finishedAt(now.minus(Duration.ofDays(29)));
        RetentionTask task = new RetentionTask(new Retention(store.dsl()), Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));

        int deleted = task.deleteOnce();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(jobs.find(finishedLongAgo)).as("finished 31 days before the clock").isEmpty();
        assertThat(jobs.find(finishedRecently)).as("finished 29 days before the clock").isPresent();
    }

    private static UUID finishedAt(Instant completedAt) {
        UUID id = jobs.insertIfAbsent(new NewJob(UUID.randomUUID(), "retention-task-test", "{}", 1, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), null, null, null)).id();
        jobs.markRunning(id, completedAt.minusSeconds(5), completedAt.plusSeconds(60));
        jobs.finish(jobs.find(id).orElseThrow(), Outcome.completed("{}", null), completedAt,
                row -> OutboxMessage.of(row.id(), "exchange", "key", row.id().toString(), "{}"));
        return id;
    }
}
