package dev.jobs.api.config;

import java.util.function.Function;

/**
 * Where the database and the broker are.
 *
 * @param databaseUrl      JDBC URL ({@code JOB_DATABASE_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/jobs})
 * @param databaseUser     ({@code JOB_DATABASE_USER}, default {@code postgres})
 * @param databasePassword ({@code JOB_DATABASE_PASSWORD}, default empty)
 * @param amqpUri          ({@code JOB_AMQP_URI}, default {@code amqp://guest:guest@127.0.0.1:5672}); the form
 *                         without a path means the default virtual host
 */
public record ConnectionSettings(String databaseUrl, String databaseUser, String databasePassword, String amqpUri) {

    public static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/jobs";
    public static final String DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672";

    /**
     * Reads the connection settings from environment variables, or Spring properties of the same names.
     *
     * @throws InvalidSettingsException naming each invalid variable; passwords are never echoed
     */
    public static ConnectionSettings fromEnvironment(Function<String, String> lookup) {
        EnvironmentReader reader = new EnvironmentReader(lookup);
        String url = reader.readString("JOB_DATABASE_URL", DEFAULT_DATABASE_URL, "jdbc:postgresql:.+",
                "use a PostgreSQL JDBC URL such as " + DEFAULT_DATABASE_URL);
        String user = reader.readString("JOB_DATABASE_USER", "postgres", null, null);
        String password = reader.readSecret("JOB_DATABASE_PASSWORD", "");
        String amqp = reader.readSecret("JOB_AMQP_URI", DEFAULT_AMQP_URI);
        if (!amqp.matches("amqps?://.+")) {
            reader.addViolation("JOB_AMQP_URI is invalid: use an AMQP URI such as " + DEFAULT_AMQP_URI);
        }
        reader.throwIfInvalid();
        return new ConnectionSettings(url, user, password, amqp);
    }

    /** Returns a URI's scheme, host and port without its user and password, for messages and printouts. */
    public static String withoutCredentials(String uri) {
        try {
            java.net.URI parsed = java.net.URI.create(uri);
            if (parsed.getScheme() == null || parsed.getHost() == null) {
                return "the URI given";
            }
            return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
        } catch (IllegalArgumentException e) {
            return "the URI given";
        }
    }
}
