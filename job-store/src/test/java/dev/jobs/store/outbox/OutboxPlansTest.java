package dev.jobs.store.outbox;

import dev.jobs.store.sql.FixedStatement;
import dev.jobs.store.sql.ScratchSchema;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the outbox statements of the cleaner and the relay on an empty outbox until PostgreSQL would keep a plan. Then
 * it leaves the table with many pages and few rows, as a busy outbox looks without vacuum, and counts the sequential
 * scans of one more run.
 */
class OutboxPlansTest {

    private static final Instant LATER = Instant.now().plus(1, ChronoUnit.HOURS);

    @Test
    void deleteReadsByKeyAfterGrowth() throws SQLException {
        long scans = scansAfterGrowth("outbox_delete_plan", dsl -> new OutboxRepository(dsl).deleteAll(List.of(1L)));

        assertThat(scans).isZero();
    }

    @Test
    void preparedDeleteScansGrownTable() throws SQLException {
        long scans = scansAfterGrowth("outbox_delete_kept", OutboxRepository.DELETE_ALL,
                delete -> delete.setArray(1, delete.getConnection().createArrayOf("int8", new Long[] {1L})));

        assertThat(scans).isPositive();
    }

    @Test
    void claimPlanReadsByKey() throws SQLException {
        long scans = scansAfterGrowth("outbox_claim_plan", dsl -> OutboxRepository.claimStale(dsl, LATER, 100));

        assertThat(scans).isZero();
    }

    @Test
    void claimReadsStaleRowsOnly() throws SQLException {
        try (ScratchSchema schema = new ScratchSchema("outbox_claim_rows");
             Connection connection = schema.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body, created_at, publish_attempts,
                                            deliver_at)
                    VALUES ('6f1c2a52-8d7e-4a57-9c1d-2f3b4a5c6d7e', 'jobs.work', 'noop', 'm-1', '{"a":1}',
                            '2026-01-01T00:00:00Z', 2, '2026-01-01T00:05:00Z'),
                           (gen_random_uuid(), 'jobs.work', 'noop', 'm-2', '{}', now() + interval '2 hours', 0, NULL)""");

            List<OutboxMessage> claimed = OutboxRepository.claimStale(DSL.using(connection, SQLDialect.POSTGRES), LATER, 10);

            assertThat(claimed).singleElement().satisfies(message -> {
                assertThat(message.jobId()).hasToString("6f1c2a52-8d7e-4a57-9c1d-2f3b4a5c6d7e");
                assertThat(message.exchange()).isEqualTo("jobs.work");
                assertThat(message.routingKey()).isEqualTo("noop");
                assertThat(message.messageId()).isEqualTo("m-1");
                assertThat(message.body()).isEqualTo("{\"a\":1}");
                assertThat(message.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
                assertThat(message.publishAttempts()).isEqualTo(2);
                assertThat(message.deliverAt()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
            });
        }
    }

    /**
     * Counts the sequential scans of the repository's statement, run as the relay runs it. The driver prepares a
     * statement of the same text on its fifth run, and PostgreSQL may keep a plan for it five runs later.
     */
    private static long scansAfterGrowth(String schemaPrefix, Consumer<DSLContext> run) throws SQLException {
        try (ScratchSchema schema = new ScratchSchema(schemaPrefix);
             Connection connection = schema.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            for (int i = 0; i < ScratchSchema.RUNS_TO_KEEP_A_PLAN; i++) {
                run.accept(dsl);
            }
            grow(statement);
            return scansOfOneMoreRun(connection, statement, () -> run.accept(dsl));
        }
    }

    /** Counts the sequential scans of the same text kept prepared, as the driver keeps a statement by default. */
    private static long scansAfterGrowth(String schemaPrefix, String sql, FixedStatement.Parameters parameters)
            throws SQLException {
        try (ScratchSchema schema = new ScratchSchema(schemaPrefix);
             Connection connection = schema.dataSource().getConnection();
             Statement statement = connection.createStatement();
             PreparedStatement kept = connection.prepareStatement(sql)) {
            parameters.bind(kept);
            for (int i = 0; i < ScratchSchema.RUNS_TO_KEEP_A_PLAN; i++) {
                kept.execute();
            }
            grow(statement);
            return scansOfOneMoreRun(connection, statement, () -> {
                try {
                    kept.execute();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static long scansOfOneMoreRun(Connection connection, Statement statement, Runnable run) throws SQLException {
        connection.setAutoCommit(false);
        long before = ScratchSchema.sequentialScans(statement, "job_outbox");
        run.run();
        long after = ScratchSchema.sequentialScans(statement, "job_outbox");
        connection.rollback();
        return after - before;
    }

    /** Leaves 200 rows in pages that held 50,000. */
    private static void grow(Statement statement) throws SQLException {
        statement.execute("""
                INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body)
                SELECT gen_random_uuid(), 'x', 'noop', g::text, '{}' FROM generate_series(1, 50000) g""");
        statement.execute("DELETE FROM job_outbox");
        statement.execute("""
                INSERT INTO job_outbox (job_id, exchange, routing_key, message_id, body)
                SELECT gen_random_uuid(), 'x', 'noop', g::text, '{}' FROM generate_series(1, 200) g""");
    }
}
