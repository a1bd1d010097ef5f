package dev.jobs.producer;

import dev.jobs.api.config.JobSettings;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.outbox.OutboxPublisher;
import dev.jobs.messaging.outbox.OutboxRelay;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.topology.TopologyDeclarer;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.client.JobClient;
import dev.jobs.store.JobStore;
import io.micrometer.core.instrument.Metrics;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/**
 * Sets up the producer side in one call: migrates the database, declares the exchanges and the queues of the known
 * job types, starts the outbox relay, and returns a {@link JobManager}.
 */
public final class JobSystem {

    /** How often the outbox relay looks for messages whose publish was not confirmed. */
    public static final Duration RELAY_INTERVAL = Duration.ofSeconds(5);

    private JobSystem() {
    }

    /** Uses the settings from the environment ({@code JOB_PREFIX}, {@code JOB_RETRY_ATTEMPTS}, …) and the built-in job types. */
    public static JobManager initialize(DataSource dataSource, CachingConnectionFactory connectionFactory) {
        return initialize(dataSource, connectionFactory, JobSettings.fromEnvironment(System::getenv), JobTypeRegistry.builtIn());
    }

    /** Records metrics in Micrometer's global registry. */
    public static JobManager initialize(DataSource dataSource, CachingConnectionFactory connectionFactory, JobSettings settings,
                                        JobTypeRegistry types) {
        return initialize(dataSource, connectionFactory, settings, types, new JobMetrics(Metrics.globalRegistry));
    }

    public static JobManager initialize(DataSource dataSource, CachingConnectionFactory connectionFactory, JobSettings settings,
                                        JobTypeRegistry types, JobMetrics metrics) {
        JobStore store = JobStore.migrateAndOpen(dataSource);
        ConfirmedPublisher publisher = new ConfirmedPublisher(connectionFactory);
        Topology topology = new Topology(settings.prefix());
        declare(publisher, topology, types);
        Clock clock = Clock.systemUTC();
        DelayScheduler delays = new DelayScheduler(publisher, topology);
        OutboxPublisher outboxPublisher = new OutboxPublisher(publisher, topology, store.outbox(), delays, clock);
        OutboxRelay relay = new OutboxRelay(store.dsl(), outboxPublisher, clock, metrics).start(RELAY_INTERVAL);
        JobClient client = new JobClient(store, outboxPublisher, topology, types, settings, clock, metrics);
        return new JobManager(client, connectionFactory, topology, () -> {
            relay.close();
            outboxPublisher.close();
        });
    }

    /**
     * Declares the exchanges and each type's work queue, so a job submitted before any worker runs waits in its
     * queue instead of being returned as unroutable.
     */
    static void declare(ConfirmedPublisher publisher, Topology topology, JobTypeRegistry types) {
        TopologyDeclarer declarer = new TopologyDeclarer(publisher.template(), topology);
        declarer.declareExchanges();
        types.names().forEach(declarer::declareWorkQueue);
    }
}
