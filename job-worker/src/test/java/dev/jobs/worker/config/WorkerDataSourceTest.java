package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerDataSourceTest {

    @Test
    void connectionsRuleOutWholeTableReads() throws Exception {
        WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of(
                "RUNPOD_API_KEY", "key",
                "JOB_DATABASE_URL", TestServices.databaseUrl(),
                "JOB_DATABASE_USER", TestServices.databaseUser(),
                "JOB_DATABASE_PASSWORD", TestServices.databasePassword())::get);

        try (HikariDataSource dataSource = new WorkerConfiguration().dataSource(settings);
             Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet planner = statement.executeQuery("SELECT current_setting('enable_seqscan'),"
                     + " current_setting('enable_hashjoin'), current_setting('enable_mergejoin')")) {
            assertThat(planner.next()).isTrue();
            assertThat(List.of(planner.getString(1), planner.getString(2), planner.getString(3)))
                    .containsOnly("off");
        }
    }
}
