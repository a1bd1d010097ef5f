package dev.jobs.producer.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.producer.JobSystem;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.client.JobClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.net.URI;

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
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "destroy")
    CachingConnectionFactory rabbitConnectionFactory(ConnectionSettings settings) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(settings.amqpUri()));
        factory.setConnectionNameStrategy(connectionFactory -> "jobs-producer");
        return factory;
    }

    @Bean
    BrokerHealthIndicator brokerHealthIndicator(CachingConnectionFactory connectionFactory) {
        return new BrokerHealthIndicator(connectionFactory);
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
}
