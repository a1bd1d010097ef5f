package dev.jobs.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

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
        return Arrays.stream(values())
                .filter(status -> status.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown job status '" + name + "': expected one of pending, running, completed, failed, cancelled"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
