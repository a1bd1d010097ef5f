package dev.jobs.e2e;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.producer.JobSystem;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.runpod.ModelClient;
import dev.jobs.runpod.simulator.RunPodSimulator;
import dev.jobs.runpod.simulator.SimulatorSettings;
import dev.jobs.testing.BrokerCleanup;
import dev.jobs.testing.TestServices;
import dev.jobs.worker.WorkerApplication;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * The whole system in this JVM for one test class: the RunPod simulator, a worker, and the producer side, on this
 * run's database and a prefix of its own. Closing it stops everything and deletes the prefix's queues.
 */
final class TestStack implements AutoCloseable {

    static final String ENDPOINT = "test-endpoint";
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    final String prefix = TestServices.newPrefix();
    final Topology topology = new Topology(prefix);
    final RunPodSimulator simulator;
    final HikariDataSource dataSource;
    final CachingConnectionFactory connectionFactory;
    final JobManager manager;
    final ModelClient modelClient;
    final RabbitTemplate rabbit;
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private final Set<String> extraQueues = new HashSet<>();

    private TestStack(boolean withWorker) {
        simulator = RunPodSimulator.start(SimulatorSettings.defaults());
        dataSource = dataSource();
        connectionFactory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        rabbit = new RabbitTemplate(connectionFactory);
        JobSettings settings = new JobSettings(2, Duration.ofMillis(200), Duration.ofMinutes(2), POLL_INTERVAL, prefix);
        manager = JobSystem.initialize(dataSource, connectionFactory, settings, JobTypeRegistry.builtIn());
        modelClient = new ModelClient("sim-key", URI.create(simulator.baseUrl()), ENDPOINT);
        modelClient.setJobManager(manager);
        if (withWorker) {
            startWorker();
        }
    }

    static TestStack withWorker() {
        return new TestStack(true);
    }

    static TestStack withoutWorker() {
        return new TestStack(false);
    }

    ConfigurableApplicationContext startWorker() {
        ConfigurableApplicationContext worker = WorkerApplication.start(workerProperties());
        workers.add(worker);
        return worker;
    }

    void stopWorker(ConfigurableApplicationContext worker) {
        extraQueues.addAll(worker.getBean(DelayScheduler.class).declaredQueues());
        worker.close();
        workers.remove(worker);
    }

    Map<String, Object> workerProperties() {
        Map<String, Object> properties = new HashMap<>(connectionProperties());
        properties.put("RUNPOD_BASE_URL", simulator.baseUrl());
        properties.put("RUNPOD_API_KEY", "sim-key");
        properties.put("JOB_POLL_INTERVAL_MS", Long.toString(POLL_INTERVAL.toMillis()));
        properties.put("JOB_RETRY_DELAY_MS", "200");
        properties.put("JOB_SHUTDOWN_GRACE_MS", "5000");
        return properties;
    }

    Map<String, Object> connectionProperties() {
        return Map.of(
                "JOB_PREFIX", prefix,
                "JOB_DATABASE_URL", TestServices.databaseUrl(),
                "JOB_DATABASE_USER", TestServices.databaseUser(),
                "JOB_DATABASE_PASSWORD", TestServices.databasePassword(),
                "JOB_AMQP_URI", TestServices.amqpUri());
    }

    /** Declares a private queue bound to every event of this stack, for tests that watch events. */
    String subscribeToEvents() {
        String queue = prefix + ".test-events";
        rabbit.execute(channel -> {
            channel.queueDeclare(queue, true, false, false, Map.of());
            channel.queueBind(queue, topology.eventsExchange(), "job.#");
            return null;
        });
        extraQueues.add(queue);
        return queue;
    }

    long queueDepth(String queue) {
        return rabbit.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount());
    }

    @Override
    public void close() throws Exception {
        for (ConfigurableApplicationContext worker : List.copyOf(workers)) {
            stopWorker(worker);
        }
        manager.close();
        simulator.close();
        connectionFactory.destroy();
        dataSource.close();
        List<String> queues = new ArrayList<>(extraQueues);
        queues.add(topology.workQueue(MonitorTrainingPayload.TYPE));
        queues.add(topology.deadQueue());
        BrokerCleanup.delete(List.of(topology.workExchange(), topology.delayExchange(), topology.eventsExchange()), queues);
    }

    private static HikariDataSource dataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestServices.databaseUrl());
        config.setUsername(TestServices.databaseUser());
        config.setPassword(TestServices.databasePassword());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
