package dev.jobs.messaging.logging;

import java.util.HashMap;
import java.util.Map;

/**
 * Selects the log format from {@code JOB_LOG_FORMAT}: {@code text} (default) prints one line per event with the job's
 * ids, {@code json} prints Logstash JSON with the MDC fields ({@code jobId}, {@code jobType}, {@code attempt},
 * {@code runpodJobId}) as top-level keys.
 */
public final class LogFormat {

    static final String JSON_CONFIG = "classpath:logback-json.xml";

    private LogFormat() {
    }

    /**
     * Adds {@code logging.config} for the JSON format to Spring Boot default properties. Logging starts before
     * profiles or settings files are read, so the choice must be among the default properties.
     */
    public static Map<String, Object> withLoggingConfig(Map<String, Object> defaults) {
        String format = System.getenv("JOB_LOG_FORMAT");
        if (!"json".equalsIgnoreCase(format == null ? "" : format.trim())) {
            return defaults;
        }
        Map<String, Object> properties = new HashMap<>(defaults);
        properties.put("logging.config", JSON_CONFIG);
        return properties;
    }
}
