package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.messaging.health.TimeLimitedHealthIndicator;
import dev.jobs.testing.FaultProxy;
import dev.jobs.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class WorkerDataSourceTest {

    private final WorkerConfiguration configuration = new WorkerConfiguration();

    private final WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of(
            "RUNPOD_API_KEY", "key",
            "JOB_DATABASE_URL", TestServices.databaseUrl(),
            "JOB_DATABASE_USER", TestServices.databaseUser(),
            "JOB_DATABASE_PASSWORD", TestServices.databasePassword())::get);

    @Test
    void mainPoolPlansEveryRun() throws SQLException {
        try (HikariDataSource dataSource = new WorkerConfiguration().dataSource(settings)) {
            assertThat(setting(dataSource, "plan_cache_mode")).isEqualTo("force_custom_plan");
            assertThat(setting(dataSource, "enable_hashjoin")).isEqualTo("on");
        }
    }

    @Test
    void groupPoolRulesOutWholeTableReads() throws SQLException {
        try (GroupConnections groups = new GroupConnections(settings, new SimpleMeterRegistry())) {
            assertThat(setting(groups.dataSource(), "plan_cache_mode")).isEqualTo("auto");
            assertThat(setting(groups.dataSource(), "enable_seqscan")).isEqualTo("off");
            assertThat(setting(groups.dataSource(), "enable_hashjoin")).isEqualTo("off");
            assertThat(setting(groups.dataSource(), "enable_mergejoin")).isEqualTo("off");
        }
    }

    @Test
    void groupPoolReportsMetricsAndHealth() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GroupConnections groups = new GroupConnections(settings, registry);
        HealthIndicator health = new WorkerConfiguration().groupDatabaseHealthIndicator(groups);
        try (groups) {
            assertThat(registry.get("hikaricp.connections.max").tag("pool", "worker-db-groups").gauge().value())
                    .isEqualTo(GroupConnections.POOL_SIZE);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        }
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void refusedDatabaseIsDownWithinLimit() {
        try (FaultProxy proxy = databaseProxy();
             HikariDataSource dataSource = configuration.dataSource(settingsVia(proxy));
             TimeLimitedHealthIndicator health = configuration.dbHealthIndicator(dataSource)) {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            proxy.down();

            // HikariCP alone would wait its 30 s connection timeout for a new connection before the check failed.
            assertThat(downWithinLimit(health).getDetails().get("error")).asString()
                    .startsWith("no result within 5000 ms");
        }
    }

    @Test
    void silentDatabaseRecoversOnceRestored() {
        try (FaultProxy proxy = databaseProxy();
             HikariDataSource dataSource = configuration.dataSource(settingsVia(proxy));
             TimeLimitedHealthIndicator health = configuration.dbHealthIndicator(dataSource)) {
            proxy.silence();
            downWithinLimit(health);

            proxy.up();

            // The connection opened while the server was silent stays silent. Without a login timeout the pool would
            // wait on it forever and open no other connection.
            Health result = health.health();
            long giveUpAt = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (result.getStatus() != Status.UP && System.nanoTime() < giveUpAt) {
                result = health.health();
            }
            assertThat(result.getStatus()).isEqualTo(Status.UP);
        }
    }

    /** Checks until the check times out, asserting that every check is down and returns within the limit. */
    private static Health downWithinLimit(TimeLimitedHealthIndicator health) {
        // Connections that were open fail at once, one per check, before the first check waits for a new one.
        Health result = null;
        for (int i = 0; i < 20 && (result == null || !result.getDetails().get("error").toString()
                .startsWith("no result within")); i++) {
            result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> health.health());
            assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        }
        return result;
    }

    private static FaultProxy databaseProxy() {
        URI database = URI.create(TestServices.databaseUrl().substring("jdbc:".length()));
        return new FaultProxy(database.getHost(), database.getPort());
    }

    private static WorkerSettings settingsVia(FaultProxy proxy) {
        URI database = URI.create(TestServices.databaseUrl().substring("jdbc:".length()));
        String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getRawPath()
                + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery());
        return WorkerSettings.fromEnvironment(Map.of(
                "RUNPOD_API_KEY", "key",
                "JOB_DATABASE_URL", viaProxy,
                "JOB_DATABASE_USER", TestServices.databaseUser(),
                "JOB_DATABASE_PASSWORD", TestServices.databasePassword())::get);
    }

    private static String setting(DataSource dataSource, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet value = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            assertThat(value.next()).isTrue();
            return value.getString(1);
        }
    }
}
