package dev.jobs.store.sql;

import dev.jobs.store.JobStore;
import dev.jobs.store.job.JobRepository;
import dev.jobs.testing.TestServices;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prepares the start statement on an empty {@code jobs} table until PostgreSQL keeps a plan for it, fills the table,
 * then counts the sequential scans of one more start. Each case has a schema of its own, so its table starts empty.
 */
class KeptPlansTest {

    private static final String SCHEMA_PREFIX = "kept_plans_" + TestServices.RUN_ID.substring(1) + "_";

    /** Enough runs for the driver to prepare the statement (5) and PostgreSQL to keep a generic plan (5 more). */
    private static final int RUNS_ON_EMPTY_TABLE = 15;

    @AfterAll
    static void dropSchemas() throws SQLException {
        try (Connection connection = TestServices.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA_PREFIX + "with CASCADE");
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA_PREFIX + "without CASCADE");
        }
    }

    @Test
    void keptPlanReadsByKey() throws SQLException {
        assertThat(sequentialScansOfStartAfterGrowth(SCHEMA_PREFIX + "with", KeptPlans.SESSION_SETTINGS)).isZero();
    }

    @Test
    void keptPlanWithoutSettingsReadsTable() throws SQLException {
        assertThat(sequentialScansOfStartAfterGrowth(SCHEMA_PREFIX + "without", null)).isPositive();
    }

    private static long sequentialScansOfStartAfterGrowth(String schema, String settings) throws SQLException {
        try (Connection admin = TestServices.dataSource().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestServices.databaseUrl());
        dataSource.setUser(TestServices.databaseUser());
        dataSource.setPassword(TestServices.databasePassword());
        dataSource.setCurrentSchema(schema);
        JobStore.migrateAndOpen(dataSource);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (settings != null) {
                statement.execute(settings);
            }
            JobRepository jobs = new JobRepository(DSL.using(connection, SQLDialect.POSTGRES));
            for (int i = 0; i < RUNS_ON_EMPTY_TABLE; i++) {
                start(jobs);
            }
            statement.execute("""
                    INSERT INTO jobs (id, type, payload, max_attempts, retry_delay_ms, timeout_ms, poll_interval_ms)
                    SELECT gen_random_uuid(), 'noop', '{}', 3, 1000, 60000, 1000 FROM generate_series(1, 20000)""");
            // The transaction's own counter, read before and after, counts exactly the scans of this one start.
            connection.setAutoCommit(false);
            long before = sequentialScans(statement);
            start(jobs);
            long after = sequentialScans(statement);
            connection.rollback();
            return after - before;
        }
    }

    private static void start(JobRepository jobs) {
        jobs.startAllIfPending(List.of(new JobRepository.Start(UUID.randomUUID(), "noop")), Instant.now());
    }

    private static long sequentialScans(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery(
                "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'jobs'::regclass")) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }
}
