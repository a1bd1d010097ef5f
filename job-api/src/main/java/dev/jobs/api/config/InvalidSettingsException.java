package dev.jobs.api.config;

import java.util.List;

/** Lists every invalid setting found at start-up, each with its variable, value and allowed range. */
public class InvalidSettingsException extends RuntimeException {

    private final List<String> violations;

    public InvalidSettingsException(List<String> violations) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
