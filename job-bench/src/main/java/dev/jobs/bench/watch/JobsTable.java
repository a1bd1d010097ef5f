package dev.jobs.bench.watch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the bench database over one session: the row counters of {@code pg_stat_user_tables} and the state of the
 * {@code jobs} rows.
 *
 * <p>PostgreSQL 15 sends a session's counters to {@code pg_stat_user_tables} when the session goes idle, at most once
 * a second, and after 10 s at the latest when it stays idle ({@code PGSTAT_MIN_INTERVAL} and
 * {@code PGSTAT_IDLE_INTERVAL} in its {@code pgstat.c}). So a reading misses up to about one second of the
 * worker's writes. A delta between two readings taken the same way has that error at both ends, which mostly
 * cancels while the write rate is steady.
 */
final class JobsTable implements AutoCloseable {

    /** Rows inserted, updated (of which HOT, without an index change) and deleted. */
    record Writes(long inserted, long updated, long hotUpdated, long deleted) {

        Writes minus(Writes earlier) {
            return new Writes(inserted - earlier.inserted, updated - earlier.updated, hotUpdated - earlier.hotUpdated,
                    deleted - earlier.deleted);
        }

        long total() {
            return inserted + updated + deleted;
        }
    }

    private final Connection connection;

    JobsTable(Connection connection) {
        this.connection = connection;
    }

    /** Counters of the {@code jobs} table. */
    Writes jobsWrites() throws SQLException {
        return writes("WHERE relname = 'jobs'");
    }

    /** Counters summed over every table of the database: jobs, outbox and the rest. */
    Writes allWrites() throws SQLException {
        return writes("");
    }

    /** Checks recorded so far: the sum of every row's {@code checks}, exact at the moment of the query. */
    long recordedChecks() throws SQLException {
        return queryLong("SELECT coalesce(sum(checks), 0) FROM jobs");
    }

    /** Jobs whose first check was recorded. */
    long checkedAtLeastOnce() throws SQLException {
        return queryLong("SELECT count(*) FROM jobs WHERE checks >= 1");
    }

    /** Status changes with a time in {@code (from, to]}: starts plus ends. */
    long statusChangesBetween(Instant from, Instant to) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT"
                + " count(*) FILTER (WHERE started_at > ? AND started_at <= ?)"
                + " + count(*) FILTER (WHERE completed_at > ? AND completed_at <= ?) FROM jobs")) {
            for (int i = 0; i < 2; i++) {
                statement.setTimestamp(2 * i + 1, Timestamp.from(from));
                statement.setTimestamp(2 * i + 2, Timestamp.from(to));
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Status changes so far: every start plus every end. */
    long statusChanges() throws SQLException {
        return queryLong("SELECT count(started_at) + count(completed_at) FROM jobs");
    }

    /** Jobs per status, such as {@code completed=10000}. */
    Map<String, Long> statusCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT status, count(*) FROM jobs GROUP BY status ORDER BY status")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private Writes writes(String where) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Drops the counters this session cached, so the query reads the current ones.
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet row = statement.executeQuery("SELECT coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0),"
                    + " coalesce(sum(n_tup_hot_upd), 0), coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables " + where)) {
                row.next();
                return new Writes(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
            }
        }
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
