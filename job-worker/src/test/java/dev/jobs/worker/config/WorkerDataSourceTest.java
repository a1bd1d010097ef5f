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
        URI database = URI.create(TestServices.databaseUrl().substring("jdbc:".length()));
        try (FaultProxy proxy = new FaultProxy(database.getHost(), database.getPort())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getRawPath()
                    + (database.getRawQuery() == null ? "" : "?" + database.getRawQuery());
            WorkerSettings proxied = WorkerSettings.fromEnvironment(Map.of(
                    "RUNPOD_API_KEY", "key",
                    "JOB_DATABASE_URL", viaProxy,
                    "JOB_DATABASE_USER", TestServices.databaseUser(),
                    "JOB_DATABASE_PASSWORD", TestServices.databasePassword())::get);
            WorkerConfiguration configuration = new WorkerConfiguration();
            try (HikariDataSource dataSource = configuration.dataSource(proxied);
                 TimeLimitedHealthIndicator health = configuration.dbHealthIndicator(dataSource)) {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                proxy.down();
                // Connections that were open fail at once, one per check. Once they are gone, HikariCP alone would
                // wait its 30 s connection timeout for a new one before the check failed.
                Health result = null;
                for (int i = 0; i < 20 && (result == null || !result.getDetails().get("error").toString()
                        .startsWith("no result within")); i++) {
                    result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> health.health());
                    assertThat(result.getStatus()).isEqualTo(Status.DOWN);
                }

                assertThat(result.getDetails().get("error")).asString().startsWith("no result within 5000 ms");
            }
        }
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
