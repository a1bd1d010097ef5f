package dev.jobs.producer.service;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The database errors that mean PostgreSQL cannot be reached. They are no connection within the pool's timeout, a
 * connection refused or lost (SQLSTATE class 08), a server shutting down or starting (57P01 to 57P03), and too many
 * connections (53300).
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    static boolean causedBy(Throwable error) {
        return cause(error) != null;
    }

    /** Returns the message of the cause that shows the database unavailable, for the log. */
    static String reason(Throwable error) {
        Throwable cause = cause(error);
        return cause == null ? null : cause.getMessage();
    }

    private static Throwable cause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return cause;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || state.equals("53300")) {
                    return cause;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
