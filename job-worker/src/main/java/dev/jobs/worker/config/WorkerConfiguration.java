package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.outbox.OutboxPublisher;
import dev.jobs.messaging.outbox.OutboxRelay;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.topology.TopologyDeclarer;
import dev.jobs.store.JobStore;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.worker.builtin.NoOpHandler;
import dev.jobs.worker.consume.ConsumerPool;
import dev.jobs.worker.consume.ForeignJobs;
import dev.jobs.worker.consume.JobMessageListener;
import dev.jobs.worker.consume.JobProcessor;
import dev.jobs.messaging.parking.Parking;
import dev.jobs.messaging.events.EventMessages;
import dev.jobs.worker.handler.HandlerRegistry;
import dev.jobs.worker.handler.JobHandler;
import dev.jobs.worker.recovery.Reconciler;
import dev.jobs.worker.limits.ConcurrencyGate;
import dev.jobs.worker.retention.RetentionTask;
import dev.jobs.store.limits.Retention;
import dev.jobs.store.limits.TypeSlots;
import dev.jobs.worker.retry.RetryPolicy;
import dev.jobs.worker.runpod.RunPodStatusClient;
import dev.jobs.worker.runpod.TrainingMonitorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import dev.jobs.messaging.health.BrokerHealthIndicator;
import dev.jobs.messaging.health.TimeLimitedHealthIndicator;
import dev.jobs.store.sql.DriverTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the worker from {@link WorkerSettings}. Further job types are added as {@link JobHandler} beans. */
@Configuration(proxyBeanMethods = false)
public class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    @Bean
    WorkerSettings workerSettings(Environment environment) {
        return WorkerSettings.fromEnvironment(environment::getProperty);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(WorkerSettings settings) {
        // PostgreSQL plans each statement with its parameters and the table's current size. By default it may keep
        // one plan per connection after five runs, and that plan may date from when the jobs table was nearly empty.
        // The statements on this pool run seldom, so planning each run costs little. The group statements, which run
        // for every job, use GroupConnections instead.
        return new HikariDataSource(poolConfig(settings, "worker-db", Math.max(4, settings.concurrency() + 2),
                "SET plan_cache_mode = force_custom_plan"));
    }

    /** Returns the settings of a pool on the worker's database whose connections run {@code sessionSql} when they open. */
    static HikariConfig poolConfig(WorkerSettings settings, String name, int size, String sessionSql) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.connections().databaseUrl());
        config.setUsername(settings.connections().databaseUser());
        config.setPassword(settings.connections().databasePassword());
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        config.setConnectionInitSql(sessionSql);
        DriverTimeouts.PROPERTIES.forEach(config::addDataSourceProperty);
        return config;
    }

    @Bean
    JobStore jobStore(HikariDataSource dataSource) {
        return JobStore.migrateAndOpen(dataSource);
    }

    @Bean(destroyMethod = "destroy")
    CachingConnectionFactory rabbitConnectionFactory(WorkerSettings settings, ExecutorService consumerThreads) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(settings.connections().amqpUri()));
        factory.setConnectionNameStrategy(connectionFactory -> "jobs-worker");
        factory.setChannelCacheSize(Math.max(25, settings.concurrency() * 2));
        factory.setExecutor(consumerThreads);
        return factory;
    }

    /**
     * Creates the RabbitMQ client's threads that receive deliveries. They only append each delivery to its consumer's
     * local queue, and every consumer processes its deliveries on a thread of its own, so two are enough. The
     * connection factory also runs its confirm callbacks here; {@link ConfirmedPublisher} waits for confirms on the
     * publishing thread, so no task here blocks.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService consumerThreads() {
        return Executors.newFixedThreadPool(2, Thread.ofPlatform().name("amqp-dispatch-", 1).factory());
    }

    /** Reports the broker as {@code broker} under {@code /actuator/health}, within the same limit as the database. */
    @Bean
    TimeLimitedHealthIndicator brokerHealthIndicator(CachingConnectionFactory connectionFactory) {
        return new TimeLimitedHealthIndicator("broker", new BrokerHealthIndicator(connectionFactory),
                TimeLimitedHealthIndicator.DEFAULT_LIMIT);
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(CachingConnectionFactory connectionFactory) {
        return new ConfirmedPublisher(connectionFactory);
    }

    @Bean
    Topology topology(WorkerSettings settings) {
        return new Topology(settings.jobs().prefix());
    }

    @Bean
    DelayScheduler delayScheduler(ConfirmedPublisher publisher, Topology topology) {
        return new DelayScheduler(publisher, topology);
    }

    @Bean(destroyMethod = "close")
    OutboxPublisher outboxPublisher(ConfirmedPublisher publisher, Topology topology, JobStore store, DelayScheduler delays,
                                   Clock clock) {
        return new OutboxPublisher(publisher, topology, store.outbox(), delays, clock);
    }

    @Bean
    JobMetrics jobMetrics(MeterRegistry registry) {
        return new JobMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    OutboxRelay outboxRelay(JobStore store, OutboxPublisher publisher, Clock clock, JobMetrics metrics) {
        return new OutboxRelay(store.dsl(), publisher, clock, metrics).start(Duration.ofSeconds(5));
    }

    @Bean(destroyMethod = "close")
    Reconciler reconciler(JobStore store, ConfirmedPublisher publisher, Topology topology, WorkerSettings settings, Clock clock,
                          JobMetrics metrics) {
        return new Reconciler(store.dsl(), publisher, topology, settings.reconcileMargin(), clock, metrics)
                .start(settings.reconcileInterval());
    }

    @Bean(destroyMethod = "close")
    RetentionTask retentionTask(JobStore store, WorkerSettings settings, Clock clock) {
        return new RetentionTask(new Retention(store.dsl()), settings.retention(), clock).start(settings.retentionInterval());
    }

    @Bean
    RunPodStatusClient runPodStatusClient(WorkerSettings settings) {
        return new RunPodStatusClient(settings.runpod());
    }

    @Bean
    TrainingMonitorHandler trainingMonitorHandler(RunPodStatusClient client) {
        return new TrainingMonitorHandler(client);
    }

    @Bean
    NoOpHandler noOpHandler() {
        return new NoOpHandler();
    }

    @Bean
    HandlerRegistry handlerRegistry(List<JobHandler> handlers) {
        return new HandlerRegistry(handlers);
    }

    /** Opens the group pool after the store, so the migrations have run before its connections open. */
    @Bean(destroyMethod = "close")
    GroupConnections groupConnections(WorkerSettings settings, JobStore store, MeterRegistry registry) {
        return new GroupConnections(settings, registry);
    }

    /**
     * Reports the main pool as {@code db} under {@code /actuator/health}, in place of Spring Boot's own check, which
     * waits HikariCP's whole connection timeout while PostgreSQL refuses connections.
     */
    @Bean
    TimeLimitedHealthIndicator dbHealthIndicator(HikariDataSource dataSource) {
        return new TimeLimitedHealthIndicator("db", new DataSourceHealthIndicator(dataSource, "SELECT 1"),
                TimeLimitedHealthIndicator.DEFAULT_LIMIT);
    }

    /** Reports the group pool as {@code groupDatabase} under {@code /actuator/health}. */
    @Bean
    TimeLimitedHealthIndicator groupDatabaseHealthIndicator(GroupConnections groups) {
        return new TimeLimitedHealthIndicator("groupDatabase",
                new DataSourceHealthIndicator(groups.dataSource(), "SELECT 1"), TimeLimitedHealthIndicator.DEFAULT_LIMIT);
    }

    @Bean
    JobProcessor jobProcessor(JobStore store, GroupConnections groups, HandlerRegistry handlers, DelayScheduler delays,
                              OutboxPublisher outboxPublisher, Topology topology, WorkerSettings settings, Clock clock,
                              JobMetrics metrics) {
        ConcurrencyLimitsParser.unhandledTypes(settings.concurrencyLimits(), handlers.types()).forEach(log::warn);
        ConcurrencyGate gate = new ConcurrencyGate(new TypeSlots(store.dsl()), settings.concurrencyLimits(), clock);
        ForeignJobs foreignJobs = new ForeignJobs(store.jobs(), JobTypeRegistry.builtIn(), settings.jobs());
        return new JobProcessor(store.jobs(), groups.jobs(), store.control(), handlers, delays, outboxPublisher, new EventMessages(topology),
                new RetryPolicy(() -> ThreadLocalRandom.current().nextDouble()), clock, foreignJobs, metrics, gate);
    }

    @Bean
    ConsumerPool consumerPool(CachingConnectionFactory connectionFactory, ConfirmedPublisher publisher, Topology topology,
                              JobProcessor processor, DelayScheduler delays, HandlerRegistry handlers,
                              WorkerSettings settings, Clock clock, JobMetrics metrics) {
        JobMessageListener listener = new JobMessageListener(processor, new Parking(publisher, topology, clock, metrics), delays);
        return new ConsumerPool(connectionFactory, new TopologyDeclarer(publisher.template(), topology), listener,
                handlers.types(), settings.prefetch(), settings.concurrency(), settings.shutdownGrace());
    }
}
