package dev.jobs.store.sql;

import dev.jobs.store.JobStore;
import dev.jobs.testing.TestServices;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migrated schema in the run's database that belongs to one test, so its tables start empty. Closing it drops it.
 */
public final class ScratchSchema implements AutoCloseable {

    /** Number of runs after which the driver has prepared a statement (5) and PostgreSQL may keep a plan (5 more). */
    public static final int RUNS_TO_KEEP_A_PLAN = 15;

    private final String name;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    /** Creates and migrates the schema {@code <prefix>_<run id>}. */
    public ScratchSchema(String prefix) throws SQLException {
        this.name = prefix + "_" + TestServices.RUN_ID.substring(1);
        execute("CREATE SCHEMA " + name);
        dataSource.setUrl(TestServices.databaseUrl());
        dataSource.setUser(TestServices.databaseUser());
        dataSource.setPassword(TestServices.databasePassword());
        dataSource.setCurrentSchema(name);
        JobStore.migrateAndOpen(dataSource);
    }

    /** Returns a data source whose connections resolve unqualified table names in this schema. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Returns the sequential scans of {@code table} counted by the current transaction of the statement's connection.
     * Read before and after a statement in one transaction, it gives the scans of that statement alone.
     */
    public static long sequentialScans(Statement statement, String table) throws SQLException {
        try (ResultSet row = statement.executeQuery(
                "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = '" + table + "'::regclass")) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = TestServices.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
