package dev.jobs.worker.consume;

import org.jooq.exception.DataAccessException;

/**
 * Tells database errors that retrying cannot fix from those that pass. SQLSTATE class 22 (data exception, such as a
 * value PostgreSQL cannot store) and 23 (integrity constraint violation) fail the same way every time. Connection
 * failures (08), serialization failures (40), insufficient resources (53) and shutdowns (57) pass.
 */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    static boolean isPermanent(DataAccessException error) {
        String state = error.sqlState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
