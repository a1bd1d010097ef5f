package dev.jobs.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads typed values from an environment lookup and collects every violation, so one start-up
 * error lists all bad variables instead of the first one only.
 */
public final class EnvironmentReader {

    private final Function<String, String> lookup;
    private final List<String> violations = new ArrayList<>();

    public EnvironmentReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Reads a whole number in {@code [min, max]}, or returns the default when the variable is unset or blank. */
    public long readLong(String name, long defaultValue, long min, long max) {
        String raw = lookup.apply(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min || value > max) {
                violations.add(name + "=" + raw + " is out of range: allowed " + min + " to " + max);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            violations.add(name + "=" + raw + " is not a whole number: allowed " + min + " to " + max);
            return defaultValue;
        }
    }

    /** Reads a string matching {@code pattern}, or returns the default when the variable is unset or blank. */
    public String readString(String name, String defaultValue, String pattern, String rule) {
        String raw = lookup.apply(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String value = raw.trim();
        if (pattern != null && !value.matches(pattern)) {
            violations.add(name + "=" + value + " is invalid: " + rule);
            return defaultValue;
        }
        return value;
    }

    /** Reads a secret: the value is never included in a violation message. */
    public String readSecret(String name, String defaultValue) {
        String raw = lookup.apply(name);
        return raw == null || raw.isBlank() ? defaultValue : raw.trim();
    }

    public void addViolation(String violation) {
        violations.add(violation);
    }

    /** Throws {@link InvalidSettingsException} listing every violation collected so far, if any. */
    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidSettingsException(violations);
        }
    }
}
