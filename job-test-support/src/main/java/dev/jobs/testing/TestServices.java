package dev.jobs.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL and RabbitMQ servers tests run against, in this order: the servers named by
 * {@code JOB_TEST_DATABASE_URL} (an admin JDBC URL) and {@code JOB_TEST_AMQP_URI}, then the local defaults on
 * 127.0.0.1, then Testcontainers where Docker works. Under {@code CI=true} a missing server fails the run
 * instead of skipping it.
 *
 * <p>Each test JVM gets its own database, dropped when the JVM exits, and each caller of
 * {@link #newPrefix()} its own AMQP name prefix, so parallel runs never touch each other's data.
 */
public final class TestServices {

    private static final Logger log = LoggerFactory.getLogger(TestServices.class);

    /** Short random id of this test JVM; it starts every database and prefix it creates. */
    public static final String RUN_ID = "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private static final String LOCAL_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String LOCAL_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static volatile String databaseUrl;
    private static volatile String databaseUser;
    private static volatile String amqpUri;

    private TestServices() {
    }

    /** JDBC URL of this run's own database, created on first use. */
    public static synchronized String databaseUrl() {
        if (databaseUrl == null) {
            createRunDatabase();
        }
        return databaseUrl;
    }

    public static synchronized String databaseUser() {
        databaseUrl();
        return databaseUser;
    }

    public static synchronized String amqpUri() {
        if (amqpUri == null) {
            amqpUri = locateBroker();
        }
        return amqpUri;
    }

    /** Returns a fresh AMQP name prefix such as {@code t1a2b3c4d-3}. */
    public static String newPrefix() {
        return RUN_ID + "-" + PREFIXES.incrementAndGet();
    }

    private static void createRunDatabase() {
        String configured = System.getenv("JOB_TEST_DATABASE_URL");
        String user = envOr("JOB_TEST_DATABASE_USER", "postgres");
        String adminUrl;
        if (configured != null && !configured.isBlank()) {
            adminUrl = configured;
        } else if (reachable("127.0.0.1", 5432)) {
            adminUrl = LOCAL_ADMIN_URL;
        } else {
            PostgreSQLContainer container = startContainerOrFail(() -> new PostgreSQLContainer("postgres:15-alpine"), "PostgreSQL");
            adminUrl = container.getJdbcUrl();
            user = container.getUsername();
            System.setProperty("jobs.test.database.password", container.getPassword());
        }
        String name = "jobs_test_" + RUN_ID.substring(1);
        String password = System.getProperty("jobs.test.database.password", envOr("JOB_TEST_DATABASE_PASSWORD", ""));
        execute(adminUrl, user, password, "CREATE DATABASE " + name);
        String finalAdminUrl = adminUrl;
        String finalUser = user;
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> execute(finalAdminUrl, finalUser, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        databaseUser = user;
        databaseUrl = replaceDatabase(adminUrl, name);
        log.info("Test database {} created", name);
    }

    /** A plain, unpooled data source on this run's database. */
    public static javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(databaseUrl());
        dataSource.setUser(databaseUser());
        dataSource.setPassword(databasePassword());
        return dataSource;
    }

    public static String databasePassword() {
        return System.getProperty("jobs.test.database.password", envOr("JOB_TEST_DATABASE_PASSWORD", ""));
    }

    private static String locateBroker() {
        String configured = System.getenv("JOB_TEST_AMQP_URI");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (reachable("127.0.0.1", 5672)) {
            return LOCAL_AMQP_URI;
        }
        RabbitMQContainer container = startContainerOrFail(() -> new RabbitMQContainer("rabbitmq:3.10-management"), "RabbitMQ");
        return container.getAmqpUrl().replaceAll("/$", "");
    }

    private static <T extends org.testcontainers.containers.GenericContainer<?>> T startContainerOrFail(
            java.util.function.Supplier<T> factory, String what) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(what + " is not reachable on 127.0.0.1 and Docker is not available"
                    + " for Testcontainers: start " + what + " locally or set JOB_TEST_DATABASE_URL / JOB_TEST_AMQP_URI");
        }
        T container = factory.get();
        container.start();
        return container;
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database + query;
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database statement failed: " + sql, e);
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
