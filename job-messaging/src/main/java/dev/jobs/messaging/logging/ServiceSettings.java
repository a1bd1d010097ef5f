package dev.jobs.messaging.logging;

import dev.jobs.api.config.EnvironmentReader;
import dev.jobs.api.config.InvalidSettingsException;

import java.util.function.Function;

/** Checks the settings every service process reads besides its own: its HTTP port and {@code JOB_LOG_FORMAT}. */
public final class ServiceSettings {

    private ServiceSettings() {
    }

    /**
     * Checks the port variable (0 to 65535; 0 picks a free port) and {@code JOB_LOG_FORMAT} ({@code text} or
     * {@code json}).
     *
     * @throws InvalidSettingsException naming every invalid variable, its value and the allowed values
     */
    public static void check(Function<String, String> lookup, String portVariable, int defaultPort) {
        EnvironmentReader reader = new EnvironmentReader(lookup);
        reader.readLong(portVariable, defaultPort, 0, 65_535);
        reader.readString("JOB_LOG_FORMAT", "text", "(?i)text|json", "use text or json");
        reader.throwIfInvalid();
    }
}
