package dev.jobs.store.job;

import dev.jobs.api.JobStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Reads a whole {@code jobs} row ({@code RETURNING jobs.*}) from a JDBC result by column name, for the statements of
 * {@link GroupStatements}. It gives the same {@link JobRow} as {@link JobRepository#toRow} gives for a jOOQ record.
 */
final class JobRowReader {

    private JobRowReader() {
    }

    static JobRow read(ResultSet row) throws SQLException {
        return new JobRow(
                row.getObject("id", UUID.class),
                row.getString("type"),
                JobStatus.fromWireName(row.getString("status")),
                row.getString("payload"),
                row.getString("result"),
                row.getString("error"),
                instant(row, "created_at"),
                instant(row, "started_at"),
                instant(row, "completed_at"),
                instant(row, "updated_at"),
                row.getInt("attempt"),
                row.getInt("max_attempts"),
                Duration.ofMillis(row.getLong("retry_delay_ms")),
                Duration.ofMillis(row.getLong("timeout_ms")),
                Duration.ofMillis(row.getLong("poll_interval_ms")),
                instant(row, "deadline_at"),
                instant(row, "next_check_at"),
                row.getInt("checks"),
                row.getString("last_error"),
                row.getString("runpod_job_id"),
                row.getString("runpod_status"),
                row.getString("idempotency_key"),
                row.getString("progress"),
                millis(row, "check_interval_ms"),
                row.getString("attempt_errors"),
                row.getInt("run"),
                instant(row, "run_at"),
                instant(row, "remote_cancelled_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static Duration millis(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Duration.ofMillis(value);
    }
}
