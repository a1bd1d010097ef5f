package dev.jobs.bench.watch;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Writes to the jobs table over the whole run, read once every session of the bench database has closed, so every
 * counter has reached {@code pg_stat_user_tables}. The inserts are the submits, and the status changes are the starts
 * and ends. Every other write belongs to a check that found the run in flight.
 *
 * @param writes         the jobs table's counters since the database was created
 * @param statusChanges  starts plus ends, counted from the rows
 * @param inFlightChecks checks recorded in the rows: the sum of {@code checks}
 */
record WholeRunWrites(JobsTable.Writes writes, long statusChanges, long inFlightChecks) {

    static WholeRunWrites read(JobsTable table) throws SQLException {
        return new WholeRunWrites(table.jobsWrites(), table.statusChanges(), table.recordedChecks());
    }

    /** Writes that were neither a submit nor a status change. */
    long checkWrites() {
        return writes.total() - writes.inserted() - statusChanges;
    }

    double writesPerInFlightCheck() {
        return checkWrites() / (double) inFlightChecks;
    }

    String describe() {
        return String.format(Locale.ROOT, "whole run, read with every session closed: jobs table %d inserted, %d updated,"
                + " %d deleted; %d status changes (starts and ends); the other %d writes over %d checks that found the"
                + " run in flight = %.3f per check", writes.inserted(), writes.updated(), writes.deleted(), statusChanges,
                checkWrites(), inFlightChecks, writesPerInFlightCheck());
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("jobs_inserted", writes.inserted());
        node.put("jobs_updated", writes.updated());
        node.put("jobs_deleted", writes.deleted());
        node.put("status_changes", statusChanges);
        node.put("in_flight_checks", inFlightChecks);
        node.put("writes_per_in_flight_check", Math.round(writesPerInFlightCheck() * 1000) / 1000.0);
        return node;
    }
}
