package dev.jobs.runpod.simulator.http;

import dev.jobs.runpod.simulator.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads faults from their JSON form, an array of objects such as {@code {"kind": "http", "status": 503,
 * "times": 2}}, {@code {"kind": "rateLimit", "retryAfterSeconds": 2, "times": 3}}, {@code {"kind": "slow",
 * "delayMs": 3000}}, {@code {"kind": "drop"}} or {@code {"kind": "status", "status": "RUNNING"}}. Each may set
 * {@code "operation"} ({@code status} by default) and {@code "times"} (1 by default).
 */
final class FaultJson {

    private FaultJson() {
    }

    /** @throws HttpError 400 naming the invalid fault */
    static List<Fault> fromJson(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw HttpError.badRequest("\"faults\" must be an array of fault objects, but was " + array);
        }
        List<Fault> faults = new ArrayList<>();
        for (JsonNode node : array) {
            try {
                faults.add(read(node));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("Invalid fault " + node + ": " + e.getMessage());
            }
        }
        return faults;
    }

    private static Fault read(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected an object");
        }
        String kindName = node.path("kind").asString("");
        Fault.Kind kind = switch (kindName.toLowerCase(Locale.ROOT)) {
            case "http" -> Fault.Kind.HTTP_ERROR;
            case "ratelimit" -> Fault.Kind.RATE_LIMITED;
            case "slow" -> Fault.Kind.SLOW;
            case "drop" -> Fault.Kind.DROP;
            case "status" -> Fault.Kind.STATUS;
            default -> throw new IllegalArgumentException(
                    "kind '" + kindName + "' is unknown; expected http, rateLimit, slow, drop or status");
        };
        String operation = node.hasNonNull("operation") ? node.get("operation").asString() : null;
        int times = node.path("times").asInt(1);
        JsonNode status = node.get("status");
        int httpStatus = kind == Fault.Kind.RATE_LIMITED ? 429
                : status != null && status.isIntegralNumber() ? status.asInt() : 0;
        String reportedStatus = status != null && status.isString() ? status.asString() : null;
        Integer retryAfter = node.hasNonNull("retryAfterSeconds") ? node.get("retryAfterSeconds").asInt() : null;
        Duration delay = node.hasNonNull("delayMs") ? Duration.ofMillis(node.get("delayMs").asLong()) : null;
        return new Fault(kind, operation, times, httpStatus, retryAfter, delay, reportedStatus);
    }
}
