package dev.jobs.store.sql;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGStatement;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a statement of fixed text through JDBC, on the connection of a jOOQ context, so it takes part in that
 * context's transaction. It serves the statements run for every job, whose parameters are arrays: jOOQ's rendering
 * and binding of them took 18% of the worker's CPU at 500 jobs/s, and the driver needs neither. A failure is thrown as jOOQ's
 * {@link DataAccessException}, with the driver's SQLSTATE, as the other statements throw it.
 */
public final class FixedStatement {

    /** Sets the parameters of the prepared statement. */
    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private FixedStatement() {
    }

    /** Runs {@code sql} with the parameters and returns each row of its result, read by {@code reader}, in order. */
    public static <T> List<T> query(DSLContext dsl, String sql, Parameters parameters, RowReader<T> reader) {
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                parameters.bind(statement);
                List<T> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(reader.read(result));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw failure(sql, e);
            }
        });
    }

    /** Runs {@code sql}, which returns no rows, with the parameters and returns the number of rows it changed. */
    public static int update(DSLContext dsl, String sql, Parameters parameters) {
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                parameters.bind(statement);
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw failure(sql, e);
            }
        });
    }

    /**
     * Makes the driver send the statement unnamed, so PostgreSQL plans it on every run with its parameters and the
     * table's current size. No plan made while the table was nearly empty is kept. Where a pool hides the driver's
     * statement, the driver's default applies and the plan may be kept.
     */
    public static void planEveryRun(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    }

    private static DataAccessException failure(String sql, SQLException e) {
        return new DataAccessException(e.getMessage() + " (SQL: " + sql + ")", e);
    }
}
