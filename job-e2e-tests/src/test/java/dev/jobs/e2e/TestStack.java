package dev.jobs.e2e;

import com.rabbitmq.client.GetResponse;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.messaging.delay.DelayLadder;
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

    private final Options options;

    /**
     * How to build a stack.
     *
     * @param worker           whether to start a worker at once
     * @param workerProperties extra worker settings, by environment variable name
     * @param workerConfigs    extra worker configuration classes, such as test handlers
     * @param producerAmqpUri  the producer side's broker URI, for example through a {@code FaultProxy}
     * @param types            job types the producer side accepts
     */
    record Options(boolean worker, Map<String, Object> workerProperties, Class<?>[] workerConfigs, String producerAmqpUri,
                   JobTypeRegistry types) {

        static Options defaults() {
            return new Options(true, Map.of(), new Class<?>[0], TestServices.amqpUri(), JobTypeRegistry.builtIn());
        }

        /** The defaults plus the test-only job types of {@link TestHandlers}, on producer and worker. */
        static Options withTestHandlers() {
            return defaults().withTypes(TestHandlers.registry()).withWorkerConfigs(TestHandlers.class);
        }

        Options withoutWorker() {
            return new Options(false, workerProperties, workerConfigs, producerAmqpUri, types);
        }

        Options withWorkerProperties(Map<String, Object> properties) {
            return new Options(worker, properties, workerConfigs, producerAmqpUri, types);
        }

        Options withWorkerConfigs(Class<?>... configs) {
            return new Options(worker, workerProperties, configs, producerAmqpUri, types);
        }

        Options withProducerAmqpUri(String uri) {
            return new Options(worker, workerProperties, workerConfigs, uri, types);
        }

        Options withTypes(JobTypeRegistry registry) {
            return new Options(worker, workerProperties, workerConfigs, producerAmqpUri, registry);
        }
    }

    TestStack(Options options) {
        this.options = options;
        simulator = RunPodSimulator.start(SimulatorSettings.defaults());
        dataSource = dataSource();
        connectionFactory = new CachingConnectionFactory(URI.create(options.producerAmqpUri()));
        rabbit = new RabbitTemplate(new CachingConnectionFactory(URI.create(TestServices.amqpUri())));
        JobSettings settings = new JobSettings(2, Duration.ofMillis(200), Duration.ofMinutes(2), POLL_INTERVAL, prefix);
        manager = JobSystem.initialize(dataSource, connectionFactory, settings, options.types());
        modelClient = new ModelClient("sim-key", URI.create(simulator.baseUrl()), ENDPOINT);
        modelClient.setJobManager(manager);
        if (options.worker()) {
            startWorker();
        }
    }

    static TestStack withWorker() {
        return new TestStack(Options.defaults());
    }

    static TestStack withoutWorker() {
        return new TestStack(Options.defaults().withoutWorker());
    }

    ConfigurableApplicationContext startWorker() {
        ConfigurableApplicationContext worker = WorkerApplication.start(workerProperties(), options.workerConfigs());
        workers.add(worker);
        return worker;
    }

    /** Base URL of the first running worker's actuator endpoints. */
    URI workerActuator() {
        var context = (org.springframework.boot.web.server.context.WebServerApplicationContext) workers.getFirst();
        return URI.create("http://127.0.0.1:" + context.getWebServer().getPort() + "/actuator/");
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
        properties.put("JOB_METRICS_PORT", "0");
        properties.putAll(options.workerProperties());
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

    /** Moves every event waiting in {@code queue} into {@code sink}, acknowledging each as it is read. */
    void drainEvents(String queue, List<JobEvent> sink) {
        while (true) {
            GetResponse response = rabbit.execute(channel -> channel.basicGet(queue, true));
            if (response == null) {
                return;
            }
            sink.add(MessageCodec.readEvent(response.getBody()));
        }
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
        ((CachingConnectionFactory) rabbit.getConnectionFactory()).destroy();
        dataSource.close();
        List<String> queues = new ArrayList<>(extraQueues);
        options.types().names().forEach(type -> queues.add(topology.workQueue(type)));
        queues.add(topology.deadQueue());
        // Delay queues stay until deleted, and worker processes declare some this JVM cannot see: delete every
        // ladder value up to the longest delay these tests use.
        DelayLadder.valuesUpTo(Duration.ofMinutes(3)).forEach(delay -> queues.add(topology.delayQueue(delay)));
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
