package dev.jobs.demo;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.producer.JobSystem;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.runpod.ModelClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One demo run: starts the services, submits the job mix, reports progress until every job has had its callback,
 * prints the table and removes what the run created on the broker. {@link #close()} is safe to call from a
 * shutdown hook and more than once.
 */
final class DemoRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoRun.class);

    /** Maximum wait for the callbacks, counted from the start of job creation. */
    static final Duration DEADLINE = Duration.ofMinutes(4);
    /** Extra wait after the last first callback, so a duplicate callback still gets counted. */
    static final Duration DUPLICATE_WINDOW = Duration.ofSeconds(3);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    static final String ENDPOINT_ID = "demo-endpoint";

    private final DemoOptions options;
    private final ConnectionSettings connections;
    private final PrintStream out;
    private final String prefix = "demo-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final JobSettings settings = new JobSettings(3, Duration.ofSeconds(1), Duration.ofMinutes(10),
            Duration.ofSeconds(2), prefix);
    private final ServiceProcesses processes = new ServiceProcesses(ServiceProcesses.currentJavaCommand());
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean servicesStarted;
    private volatile HikariDataSource dataSource;
    private volatile CachingConnectionFactory connectionFactory;
    private volatile JobManager manager;

    DemoRun(DemoOptions options, ConnectionSettings connections, PrintStream out) {
        this.options = options;
        this.connections = connections;
        this.out = out;
    }

    /** Runs the demo and returns the exit code: 0 when every job ended as planned with exactly one callback. */
    int run() throws Exception {
        long wallStart = System.nanoTime();
        Path logDirectory = options.root().resolve(".demo").resolve(prefix);
        DemoServices services = new DemoServices(processes, options.root(), logDirectory);
        String databaseUrl = DemoDatabase.prepare(System.getenv("JOB_DATABASE_URL"));
        DemoBroker.checkReachable(connections.amqpUri());
        URI amqp = URI.create(connections.amqpUri());
        out.printf("Demo %s: %d jobs, seed %d, database %s, broker %s:%d%n", prefix, options.jobCount(), options.seed(),
                databaseUrl, amqp.getHost(), amqp.getPort() < 0 ? 5672 : amqp.getPort());
        out.printf("Service logs: %s%n", logDirectory);

        servicesStarted = true;
        services.startAll(serviceEnvironment(databaseUrl), ThreadLocalRandom.current().nextLong());
        // The child JVMs take a while to start, so this JVM migrates the database and declares the topology
        // meanwhile; Flyway's lock keeps concurrent migrations apart.
        dataSource = DemoDatabase.open(connections, databaseUrl);
        connectionFactory = new CachingConnectionFactory(amqp);
        manager = JobSystem.initialize(dataSource, connectionFactory, settings, JobTypeRegistry.builtIn());
        processes.awaitReady(DemoServices.STARTUP_TIMEOUT);
        out.printf("Services ready after %.1f s: simulator %s, producer %s, 2 workers%n",
                (System.nanoTime() - wallStart) / 1e9, services.simulatorUrl(), services.producerUrl());

        ModelClient modelClient = new ModelClient(DemoServices.RUNPOD_API_KEY, services.simulatorUrl(), ENDPOINT_ID);
        modelClient.setJobManager(manager);
        ProducerServiceClient producerService = new ProducerServiceClient(services.producerUrl());
        CallbackLedger ledger = new CallbackLedger();
        List<PlannedJob> plans = DemoJobMix.plan(options.jobCount(), options.seed());

        long jobsStart = System.nanoTime();
        List<SubmittedJob> jobs = new JobSubmitter(modelClient, manager, producerService, ledger, ENDPOINT_ID,
                settings.timeout(), out).submitAll(plans);
        awaitCallbacks(jobs, ledger, jobsStart, services);

        List<JobReport> reports = readReports(jobs, producerService, ledger);
        SummaryTable.print(reports, Duration.ofNanos(System.nanoTime() - wallStart), out);
        return reports.stream().allMatch(JobReport::asExpected) ? 0 : 1;
    }

    /**
     * Gives the services this JVM's job defaults as well, because a producer stores its defaults in each job row
     * and workers follow the row: without them, jobs submitted through the producer service would be polled every
     * 30 s, the default of {@code JOB_POLL_INTERVAL_MS}.
     */
    private Map<String, String> serviceEnvironment(String databaseUrl) {
        return Map.of(
                "JOB_PREFIX", prefix,
                "JOB_DATABASE_URL", databaseUrl,
                "JOB_AMQP_URI", connections.amqpUri(),
                "JOB_RETRY_ATTEMPTS", Integer.toString(settings.retryAttempts()),
                "JOB_RETRY_DELAY_MS", Long.toString(settings.retryDelay().toMillis()),
                "JOB_TIMEOUT_MS", Long.toString(settings.timeout().toMillis()),
                "JOB_POLL_INTERVAL_MS", Long.toString(settings.pollInterval().toMillis()));
    }

    private void awaitCallbacks(List<SubmittedJob> jobs, CallbackLedger ledger, long jobsStart, DemoServices services)
            throws InterruptedException {
        ProgressReporter progress = new ProgressReporter(manager, ledger, out);
        long deadline = jobsStart + DEADLINE.toNanos();
        long nextReport = jobsStart + PROGRESS_INTERVAL.toNanos();
        boolean killPending = options.killWorkerAfter() != null;
        long allCalledBackAt = 0;
        while (true) {
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - jobsStart);
            if (killPending && elapsed.compareTo(options.killWorkerAfter()) >= 0) {
                killPending = false;
                processes.kill(services.worker(1));
                out.printf("[%4ds] Killed worker-1 (pid %d) with SIGKILL; worker-2 must finish its jobs%n",
                        elapsed.toSeconds(), services.worker(1).process().pid());
            }
            if (now >= nextReport) {
                // Slots missed while submitting or killing are skipped rather than printed in a burst.
                while (nextReport <= now) {
                    nextReport += PROGRESS_INTERVAL.toNanos();
                }
                try {
                    progress.report(elapsed, jobs);
                } catch (RuntimeException e) {
                    out.printf("[%4ds] Reading job statuses failed: %s%n", elapsed.toSeconds(), e.getMessage());
                }
            }
            if (allCalledBackAt == 0 && ledger.jobsCalledBack() == jobs.size()) {
                allCalledBackAt = now;
                out.printf("[%4ds] Every job has had its callback; waiting %d s for duplicates%n", elapsed.toSeconds(),
                        DUPLICATE_WINDOW.toSeconds());
            }
            if (allCalledBackAt != 0 && now - allCalledBackAt >= DUPLICATE_WINDOW.toNanos()) {
                break;
            }
            if (now >= deadline) {
                out.printf("[%4ds] Deadline of %d s passed with %d/%d callbacks%n", elapsed.toSeconds(),
                        DEADLINE.toSeconds(), ledger.jobsCalledBack(), jobs.size());
                break;
            }
            Thread.sleep(100);
        }
        if (killPending) {
            out.printf("Worker-1 was not killed: every job had its callback before %d s%n",
                    options.killWorkerAfter().toSeconds());
        }
    }

    private List<JobReport> readReports(List<SubmittedJob> jobs, ProducerServiceClient producerService,
                                        CallbackLedger ledger) {
        List<JobReport> reports = new ArrayList<>(jobs.size());
        for (SubmittedJob job : jobs) {
            JsonNode row;
            try {
                row = producerService.get(job.jobId());
            } catch (IllegalStateException e) {
                out.printf("Reading job %d (%s) from the producer service failed: %s%n", job.plan().index(),
                        job.jobId(), e.getMessage());
                row = MessageCodec.mapper().createObjectNode();
            }
            reports.add(JobReport.of(job, row, ledger));
        }
        return reports;
    }

    /** Stops the callbacks and the child JVMs, then deletes this run's exchanges and queues. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (manager != null) {
            try {
                manager.close();
            } catch (Exception e) {
                log.warn("Closing the job manager failed: {}", e.getMessage());
            }
        }
        processes.stopAll();
        // Only after the workers are gone, because a running worker declares delay queues again on demand.
        if (servicesStarted) {
            DemoBroker.deleteAll(connections.amqpUri(), new Topology(prefix), JobTypeRegistry.builtIn(),
                    settings.timeout());
        }
        if (connectionFactory != null) {
            connectionFactory.destroy();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
