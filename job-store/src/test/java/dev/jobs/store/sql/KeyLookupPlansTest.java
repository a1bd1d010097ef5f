package dev.jobs.store.sql;

import dev.jobs.store.job.JobRepository;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the start statement on an empty {@code jobs} table as often as PostgreSQL needs to keep a plan for it, fills
 * the table, then counts the sequential scans of one more start.
 */
class KeyLookupPlansTest {

    @Test
    void planWithSettingsReadsByKey() throws SQLException {
        try (ScratchSchema schema = new ScratchSchema("kept_plans_with")) {
            assertThat(sequentialScansOfStartAfterGrowth(schema, KeyLookupPlans.SESSION_SETTINGS)).isZero();
        }
    }

    @Test
    void keptPlanWithoutSettingsReadsTable() throws SQLException {
        try (ScratchSchema schema = new ScratchSchema("kept_plans_without")) {
            assertThat(sequentialScansOfStartAfterGrowth(schema, null)).isPositive();
        }
    }

    private static long sequentialScansOfStartAfterGrowth(ScratchSchema schema, String settings) throws SQLException {
        try (Connection connection = schema.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            if (settings != null) {
                statement.execute(settings);
            }
            JobRepository jobs = new JobRepository(DSL.using(connection, SQLDialect.POSTGRES));
            for (int i = 0; i < ScratchSchema.RUNS_TO_KEEP_A_PLAN; i++) {
                start(jobs);
            }
            statement.execute("""
                    INSERT INTO jobs (id, type, payload, max_attempts, retry_delay_ms, timeout_ms, poll_interval_ms)
                    SELECT gen_random_uuid(), 'noop', '{}', 3, 1000, 60000, 1000 FROM generate_series(1, 20000)""");
            connection.setAutoCommit(false);
            long before = ScratchSchema.sequentialScans(statement, "jobs");
            start(jobs);
            long after = ScratchSchema.sequentialScans(statement, "jobs");
            connection.rollback();
            return after - before;
        }
    }

    private static void start(JobRepository jobs) {
        jobs.startAllIfPending(List.of(new JobRepository.Start(UUID.randomUUID(), "noop")), Instant.now());
    }
}
