package dev.jobs.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.ConnectionSettings;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Picks the demo's database: {@code JOB_DATABASE_URL} when it is set, otherwise {@value #DATABASE_NAME} on the
 * local server, created when missing. Every run uses fresh job ids, so runs can share the database.
 */
final class DemoDatabase {

    private static final Logger log = LoggerFactory.getLogger(DemoDatabase.class);

    static final String DATABASE_NAME = "jobs_demo";
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE_NAME;
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String ADMIN_USER = "postgres";
    private static final String DUPLICATE_DATABASE = "42P04";

    private DemoDatabase() {
    }

    /**
     * Returns the JDBC URL to use, creating the local demo database first when no URL is configured.
     *
     * @throws IllegalStateException when the local server cannot be reached or the database cannot be created
     */
    static String prepare(String configuredUrl) {
        if (configuredUrl != null && !configuredUrl.isBlank()) {
            return configuredUrl;
        }
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(ADMIN_URL);
        admin.setUser(ADMIN_USER);
        try (Connection connection = admin.getConnection()) {
            if (!exists(connection)) {
                create(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Preparing database " + DATABASE_NAME + " through " + ADMIN_URL + " as "
                    + ADMIN_USER + " failed: " + e.getMessage()
                    + ". Start PostgreSQL on 127.0.0.1:5432 with trust authentication, or set JOB_DATABASE_URL.", e);
        }
        return LOCAL_URL;
    }

    /** Opens a small pool for this JVM; the demo's own traffic is a few queries every 2 s. */
    static HikariDataSource open(ConnectionSettings settings, String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.databaseUser());
        config.setPassword(settings.databasePassword());
        config.setMaximumPoolSize(4);
        config.setPoolName("demo-db");
        return new HikariDataSource(config);
    }

    private static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, DATABASE_NAME);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE_NAME);
            log.info("Created database {}", DATABASE_NAME);
        } catch (SQLException e) {
            // Another demo run may have created it between the check and here, which is fine.
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
