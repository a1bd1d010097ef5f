package dev.jobs.store.query;

import dev.jobs.store.JobStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.jobs.store.generated.Tables.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

class JobStatisticsQueryTest {

    private static final Duration OVERDUE_MARGIN = Duration.ofMinutes(1);

    private static JobStore store;
    private static JobStatisticsQuery query;

    @BeforeAll
    static void migrate() {
        store = TestJobs.store();
        query = new JobStatisticsQuery(store.dsl());
    }

    @Test
    void countsUnfinishedJobsByState() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String type = TestJobs.uniqueType();
        TestJobs.insert(type, now.minusSeconds(300));
        TestJobs.insert(type, now.minusSeconds(10));
        UUID scheduled = TestJobs.insert(type, now.minusSeconds(900));
        TestJobs.scheduleAt(scheduled, now.plusSeconds(3600));
        UUID waiting = running(type, now);
        UUID late = running(type, now);
        UUID slightlyLate = running(type, now);
        UUID finished = running(type, now);
        store.jobs().recordCheck(waiting, 0, "IN_PROGRESS", null, Duration.ofSeconds(30), now.plusSeconds(30), now);
        store.jobs().recordCheck(late, 0, "IN_QUEUE", null, Duration.ofSeconds(30), now.minusSeconds(120), now);
        store.jobs().recordCheck(slightlyLate, 0, "IN_QUEUE", null, Duration.ofSeconds(30), now.minusSeconds(30), now);
        store.dsl().update(JOBS).set(JOBS.STATUS, "completed").where(JOBS.ID.eq(finished)).execute();

        TypeStatistics statistics = of(type, now);

        assertThat(statistics.pending()).isEqualTo(3);
        assertThat(statistics.scheduled()).isEqualTo(1);
        assertThat(statistics.oldestPendingAge()).as("the scheduled job is not due yet").isEqualTo(Duration.ofSeconds(300));
        assertThat(statistics.running()).isEqualTo(3);
        assertThat(statistics.delayed()).isEqualTo(1);
        assertThat(statistics.overdue()).isEqualTo(1);
    }

    @Test
    void scheduledJobCountsFromItsStartTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String type = TestJobs.uniqueType();
        UUID job = TestJobs.insert(type, now.minusSeconds(900));
        TestJobs.scheduleAt(job, now.minusSeconds(60));

        assertThat(of(type, now).oldestPendingAge()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void typeWithOnlyScheduledJobsHasNoAge() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String type = TestJobs.uniqueType();
        UUID job = TestJobs.insert(type, now);
        TestJobs.scheduleAt(job, now.plusSeconds(60));

        TypeStatistics statistics = of(type, now);

        assertThat(statistics.pending()).isEqualTo(1);
        assertThat(statistics.oldestPendingAge()).isNull();
    }

    private static UUID running(String type, Instant now) {
        UUID id = TestJobs.insert(type, now.minusSeconds(5));
        store.jobs().markRunning(id, now, now.plusSeconds(3600));
        return id;
    }

    private static TypeStatistics of(String type, Instant now) {
        return query.unfinishedByType(now, OVERDUE_MARGIN).stream()
                .filter(statistics -> statistics.type().equals(type))
                .findFirst()
                .orElseThrow();
    }
}
