package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static String setting(DataSource dataSource, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet value = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            assertThat(value.next()).isTrue();
            return value.getString(1);
        }
    }
}
