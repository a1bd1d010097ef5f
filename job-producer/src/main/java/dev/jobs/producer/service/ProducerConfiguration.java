package dev.jobs.producer.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.producer.JobSystem;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.client.JobClient;
import dev.jobs.store.query.JobListQuery;
import dev.jobs.store.query.JobStatisticsQuery;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import dev.jobs.messaging.health.BrokerHealthIndicator;
import dev.jobs.messaging.health.TimeLimitedHealthIndicator;
import dev.jobs.store.sql.DriverTimeouts;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Wires the HTTP service from the {@code JOB_*} settings. */
@Configuration(proxyBeanMethods = false)
public class ProducerConfiguration {

    @Bean
    JobSettings jobSettings(Environment environment) {
        return JobSettings.fromEnvironment(environment::getProperty);
    }

    @Bean
    ConnectionSettings connectionSettings(Environment environment) {
        return ConnectionSettings.fromEnvironment(environment::getProperty);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(ConnectionSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.databaseUrl());
        config.setUsername(settings.databaseUser());
        config.setPassword(settings.databasePassword());
        config.setMaximumPoolSize(10);
        config.setPoolName("producer-db");
        DriverTimeouts.PROPERTIES.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "destroy")
    CachingConnectionFactory rabbitConnectionFactory(ConnectionSettings settings) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(settings.amqpUri()));
        factory.setConnectionNameStrategy(connectionFactory -> "jobs-producer");
        return factory;
    }

    /** Reports the broker as {@code broker} under {@code /actuator/health}, within the same limit as the database. */
    @Bean
    TimeLimitedHealthIndicator brokerHealthIndicator(CachingConnectionFactory connectionFactory) {
        return new TimeLimitedHealthIndicator("broker", new BrokerHealthIndicator(connectionFactory),
                TimeLimitedHealthIndicator.DEFAULT_LIMIT);
    }

    /**
     * Reports the pool as {@code db} under {@code /actuator/health}, in place of Spring Boot's own check, which waits
     * HikariCP's whole connection timeout while PostgreSQL refuses connections.
     */
    @Bean
    TimeLimitedHealthIndicator dbHealthIndicator(HikariDataSource dataSource) {
        return new TimeLimitedHealthIndicator("db", new DataSourceHealthIndicator(dataSource, "SELECT 1"),
                TimeLimitedHealthIndicator.DEFAULT_LIMIT);
    }

    @Bean(destroyMethod = "close")
    JobManager jobManager(HikariDataSource dataSource, CachingConnectionFactory connectionFactory, JobSettings settings,
                          MeterRegistry registry) {
        return JobSystem.initialize(dataSource, connectionFactory, settings, JobTypeRegistry.builtIn(), new JobMetrics(registry));
    }

    @Bean
    JobClient jobClient(JobManager jobManager) {
        return jobManager.client();
    }

    /** jOOQ on the service's pool for the read-only operator queries. */
    @Bean
    DSLContext queryDsl(HikariDataSource dataSource, JobManager migrated) {
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Bean
    JobListQuery jobListQuery(DSLContext queryDsl) {
        return new JobListQuery(queryDsl);
    }

    @Bean
    JobStatisticsQuery jobStatisticsQuery(DSLContext queryDsl) {
        return new JobStatisticsQuery(queryDsl);
    }

    @Bean
    QueueStatusReader queueStatusReader(JobStatisticsQuery statistics, CachingConnectionFactory connectionFactory,
                                        JobSettings settings, JobClient client) {
        return new QueueStatusReader(statistics, new BrokerQueues(connectionFactory), new Topology(settings.prefix()),
                client.types().names(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    PendingJobMetrics pendingJobMetrics(JobStatisticsQuery statistics, JobClient client, MeterRegistry registry,
                                        Environment environment) {
        Duration interval = statisticsInterval(environment::getProperty);
        return new PendingJobMetrics(statistics, client.types().names(), registry, Clock.systemUTC()).start(interval);
    }

    /** {@code JOB_STATISTICS_INTERVAL_MS}: how often the pending-job gauges are refreshed, default 15 s. */
    static Duration statisticsInterval(Function<String, String> environment) {
        String value = Objects.requireNonNullElse(environment.apply("JOB_STATISTICS_INTERVAL_MS"), "15000");
        long millis;
        try {
            millis = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 100 || millis > 3_600_000) {
            throw new InvalidSettingsException(List.of("JOB_STATISTICS_INTERVAL_MS is '" + value
                    + "': expected a whole number of milliseconds from 100 to 3600000"));
        }
        return Duration.ofMillis(millis);
    }
}
