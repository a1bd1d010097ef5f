package dev.jobs.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The stored and published status of a job. The lifecycle is {@code pending -> running -> completed | failed},
 * and {@code cancelled} from {@code pending} or {@code running}. A terminal status never changes again.
 */
public enum JobStatus {
    PENDING("pending"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    /** Read once: {@code values()} copies its array on every call. */
    private static final JobStatus[] VALUES = values();

    private final String wireName;

    JobStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name stored in the {@code jobs.status} column and used in event routing keys. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * Parses a stored or published status name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    @JsonCreator
    public static JobStatus fromWireName(String name) {
        for (JobStatus status : VALUES) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException(
                "Unknown job status '" + name + "': expected one of pending, running, completed, failed, cancelled");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
