package dev.jobs.worker.config;

import dev.jobs.api.types.JobType;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code JOB_CONCURRENCY_LIMITS}: comma-separated {@code type=limit} pairs, each limit 1 to 10000. */
final class ConcurrencyLimitsParser {

    private static final String RULE = "use comma-separated type=limit pairs such as monitor-training-status=50, "
            + "each limit from 1 to 10000";

    private ConcurrencyLimitsParser() {
    }

    static Map<String, Integer> parse(String raw, List<String> violations) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return limits;
        }
        for (String pair : raw.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2 || !parts[0].trim().matches(JobType.NAME_PATTERN)) {
                violations.add("JOB_CONCURRENCY_LIMITS=" + raw + " is invalid at '" + pair.trim() + "': " + RULE);
                continue;
            }
            try {
                int limit = Integer.parseInt(parts[1].trim());
                if (limit < 1 || limit > 10_000) {
                    throw new NumberFormatException();
                }
                limits.put(parts[0].trim(), limit);
            } catch (NumberFormatException e) {
                violations.add("JOB_CONCURRENCY_LIMITS=" + raw + " has an invalid limit at '" + pair.trim() + "': " + RULE);
            }
        }
        return limits;
    }

    /**
     * Returns one warning for each limited type that this worker has no handler for. Another worker of the fleet may
     * run that type, so it is a warning, not an error; a misspelt type would otherwise never be limited.
     */
    static List<String> unhandledTypes(Map<String, Integer> limits, Collection<String> handledTypes) {
        return limits.keySet().stream()
                .filter(type -> !handledTypes.contains(type))
                .map(type -> "JOB_CONCURRENCY_LIMITS names job type '" + type + "', which this worker has no handler"
                        + " for (it handles " + handledTypes + "): check the spelling, unless another worker runs it")
                .toList();
    }
}
