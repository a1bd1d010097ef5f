package dev.jobs.store.outbox;

import dev.jobs.store.sql.ScratchSchema;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletes from an empty outbox until PostgreSQL would keep a plan, then leaves the table with many pages and few rows,
 * as a busy outbox looks without vacuum, and counts the sequential scans of one more delete.
 */
class OutboxDeletePlanTest {

    @Test
    void deleteReadsByKeyAfterGrowth() throws SQLException {
        try (ScratchSchema schema = new ScratchSchema("outbox_delete_plan");
             Connection connection = schema.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            OutboxRepository outbox = new OutboxRepository(DSL.using(connection, SQLDialect.POSTGRES));
            for (int i = 0; i < ScratchSchema.RUNS_TO_KEEP_A_PLAN; i++) {
                outbox.deleteAll(List.of(1L));
            }
            grow(statement);

            connection.setAutoCommit(false);
            long before = ScratchSchema.sequentialScans(statement, "job_outbox");
            outbox.deleteAll(List.of(1L, 2L, 3L));
            long after = ScratchSchema.sequentialScans(statement, "job_outbox");
            connection.rollback();

            assertThat(after - before).isZero();
        }
    }

    @Test
    void keptPlanOfSameDeleteReadsTable() throws SQLException {
        try (ScratchSchema schema = new ScratchSchema("outbox_delete_kept");
             Connection connection = schema.dataSource().getConnection();
             Statement statement = connection.createStatement();
             PreparedStatement delete = connection.prepareStatement(OutboxRepository.DELETE_ALL)) {
            delete.setArray(1, connection.createArrayOf("int8", new Long[] {1L}));
            for (int i = 0; i < ScratchSchema.RUNS_TO_KEEP_A_PLAN; i++) {
                delete.executeUpdate();
            }
            grow(statement);

            connection.setAutoCommit(false);
            long before = ScratchSchema.sequentialScans(statement, "job_outbox");
            delete.executeUpdate();
            long after = ScratchSchema.sequentialScans(statement, "job_outbox");
            connection.rollback();

            assertThat(after - before).isPositive();
        }
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
