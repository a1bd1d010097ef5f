package dev.jobs.worker.consume;

import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Tells database errors that retrying cannot fix from those that pass. SQLSTATE class 22 (data exception, such as a
 * value PostgreSQL cannot store) and 23 (integrity constraint violation) fail the same way every time. Connection
 * failures (08), serialization failures (40), insufficient resources (53) and shutdowns (57) pass.
 */
final class DatabaseErrors {

    private static final Logger log = LoggerFactory.getLogger(DatabaseErrors.class);

    private DatabaseErrors() {
    }

    static boolean isPermanent(DataAccessException error) {
        String state = error.sqlState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** Parks the delivery of a job the database rejects for good, and sends back one that may pass later. */
    static Disposition dispositionFor(UUID jobId, String type, DataAccessException error) {
        if (isPermanent(error)) {
            return new Disposition.Park("The database rejected job " + jobId + ": " + error.getMessage());
        }
        return requeue(jobId, type, error);
    }

    static Disposition requeue(UUID jobId, String type, RuntimeException error) {
        log.warn("Job(id={}, type={}) could not be processed now, it will come back: {}", jobId, type, error.getMessage());
        return new Disposition.Requeue(error.getMessage(), type);
    }
}
