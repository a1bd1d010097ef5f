package dev.jobs.runpod.simulator.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One injected fault, used for the next {@code times} requests of one operation on one job.
 *
 * @param kind what the simulator does instead of responding normally
 * @param operation the operation it applies to: {@code status}, {@code cancel}, {@code stream} or {@code retry}
 * @param times how many requests it applies to, 1 or more
 * @param httpStatus the status code of an {@link Kind#HTTP_ERROR}, such as 500, 502 or 503
 * @param retryAfterSeconds the {@code Retry-After} header of a {@link Kind#RATE_LIMITED} response, or {@code null}
 *     for none
 * @param delay how long a {@link Kind#SLOW} response waits before it is sent
 * @param reportedStatus the status a {@link Kind#STATUS} response reports, such as {@code RUNNING}
 */
public record Fault(
        Kind kind, String operation, int times, int httpStatus, Integer retryAfterSeconds, Duration delay,
        String reportedStatus) {

    /** The behaviour of a fault. */
    public enum Kind {
        /** Responds {@code httpStatus} with an HTML body, as a load balancer in front of an API does. */
        HTTP_ERROR,
        /** Responds 429, with {@code Retry-After} if set. */
        RATE_LIMITED,
        /** Waits {@code delay}, then responds normally, usually after the client gave up. */
        SLOW,
        /** Sends the headers of a JSON response and closes the connection before the body is complete. */
        DROP,
        /** Responds 200 with the job's id and {@code reportedStatus} in place of its real status. */
        STATUS
    }

    /** Operations a fault can apply to. */
    public static final Set<String> OPERATIONS = Set.of("status", "cancel", "stream", "retry");

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component does not fit the kind
     */
    public Fault {
        Objects.requireNonNull(kind, "kind must not be null");
        operation = operation == null ? "status" : operation;
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("Invalid operation '" + operation + "'; expected one of " + OPERATIONS);
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be 1 or more, but was " + times);
        }
        if (kind == Kind.HTTP_ERROR && (httpStatus < 500 || httpStatus > 599)) {
            throw new IllegalArgumentException("An HTTP error fault needs a status from 500 to 599, but was " + httpStatus);
        }
        if (kind == Kind.SLOW && (delay == null || delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("A slow fault needs a delay of more than zero");
        }
        if (kind == Kind.STATUS && (reportedStatus == null || reportedStatus.isBlank())) {
            throw new IllegalArgumentException("A status fault needs the status to report");
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be 0 or more, but was " + retryAfterSeconds);
        }
    }

    /** Responds to the next {@code times} status requests with {@code httpStatus} and an HTML body. */
    public static Fault httpError(int httpStatus, int times) {
        return new Fault(Kind.HTTP_ERROR, "status", times, httpStatus, null, null, null);
    }

    /** Responds to the next {@code times} status requests with 429 and the given {@code Retry-After}, or none. */
    public static Fault rateLimited(Integer retryAfterSeconds, int times) {
        return new Fault(Kind.RATE_LIMITED, "status", times, 429, retryAfterSeconds, null, null);
    }

    /** Delays the next {@code times} status responses by {@code delay}. */
    public static Fault slow(Duration delay, int times) {
        return new Fault(Kind.SLOW, "status", times, 0, null, delay, null);
    }

    /** Drops the connection of the next {@code times} status requests mid-response. */
    public static Fault drop(int times) {
        return new Fault(Kind.DROP, "status", times, 0, null, null, null);
    }

    /** Reports {@code status}, such as {@code RUNNING} or a value RunPod may add later, {@code times} times. */
    public static Fault reportStatus(String status, int times) {
        return new Fault(Kind.STATUS, "status", times, 0, null, null, status);
    }

    /** Returns this fault for another operation. */
    public Fault on(String newOperation) {
        return new Fault(kind, newOperation, times, httpStatus, retryAfterSeconds, delay, reportedStatus);
    }
}
