package dev.jobs.producer.service;

import dev.jobs.api.JobStatus;
import dev.jobs.store.query.JobFilter;
import dev.jobs.store.query.JobListQuery;
import dev.jobs.store.query.PageCursor;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of {@code GET /jobs}, parsed and checked. Every error names its parameter, and an unknown
 * parameter is rejected too, so a misspelt filter cannot silently list every job.
 */
record ListParameters(JobFilter filter, PageCursor after, int limit) {

    static final int DEFAULT_LIMIT = 50;
    private static final int MAX_TYPE_LENGTH = 100;
    private static final Set<String> KNOWN = Set.of("status", "type", "createdAfter", "createdBefore", "limit", "after");

    /** @throws InvalidParameterException naming the first invalid parameter */
    static ListParameters parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new InvalidParameterException(name, "Unknown query parameter '" + name + "': expected one of "
                        + "status, type, createdAfter, createdBefore, limit, after");
            }
        }
        JobFilter filter = new JobFilter(status(parameters.get("status")), type(parameters.get("type")),
                instant("createdAfter", parameters.get("createdAfter")),
                instant("createdBefore", parameters.get("createdBefore")));
        return new ListParameters(filter, cursor(parameters.get("after")), limit(parameters.get("limit")));
    }

    private static JobStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return JobStatus.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("status", "status is '" + value
                    + "': expected one of pending, running, completed, failed, cancelled");
        }
    }

    private static String type(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_TYPE_LENGTH) {
            throw new InvalidParameterException("type", "type must be a job type name of 1 to " + MAX_TYPE_LENGTH
                    + " characters, got '" + value + "'");
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, name + " must be an ISO-8601 UTC time such as "
                    + "2030-01-01T12:00:00Z, got '" + value + "'");
        }
    }

    private static PageCursor cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            return PageCursor.decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("after", "after: " + e.getMessage());
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < JobListQuery.MIN_LIMIT || limit > JobListQuery.MAX_LIMIT) {
            throw new InvalidParameterException("limit", "limit must be a whole number from " + JobListQuery.MIN_LIMIT
                    + " to " + JobListQuery.MAX_LIMIT + ", got '" + value + "'");
        }
        return limit;
    }
}
