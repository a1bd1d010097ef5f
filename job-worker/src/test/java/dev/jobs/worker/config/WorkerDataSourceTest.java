package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerDataSourceTest {

    @Test
    void connectionsPlanEveryStatementPerCall() throws Exception {
        WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of(
                "RUNPOD_API_KEY", "key",
                "JOB_DATABASE_URL", TestServices.databaseUrl(),
                "JOB_DATABASE_USER", TestServices.databaseUser(),
                "JOB_DATABASE_PASSWORD", TestServices.databasePassword())::get);

        try (HikariDataSource dataSource = new WorkerConfiguration().dataSource(settings);
             Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("SHOW plan_cache_mode")) {
            assertThat(mode.next()).isTrue();
            assertThat(mode.getString(1)).isEqualTo("force_custom_plan");
        }
    }
}
