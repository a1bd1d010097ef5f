package dev.jobs.bench.stack;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.messaging.delay.DelayLadder;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.producer.JobSystem;
import dev.jobs.producer.callbacks.JobManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One workload's own database and name prefix on the local PostgreSQL and RabbitMQ. Closing it drops the database
 * and deletes the queues and exchanges of the prefix, including every delay queue a run may have declared.
 */
public final class BenchStack implements AutoCloseable {

    public static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String AMQP_URI = "amqp://guest:guest@127.0.0.1:5672";
    private static final String USER = "postgres";
    private static final long IDLE_LIMIT_MILLIS = 30_000;

    /**
     * Longest delay a bench job can meet: the default first retry delay of 60 s plus its 25% jitter. Delay queues
     * stay until deleted, and the workers declare them where this JVM cannot see, so every ladder value up to this
     * is deleted.
     */
    private static final Duration LONGEST_DELAY = Duration.ofSeconds(90);

    private final String database;
    private final Topology topology;
    private final Connection amqp;
    private final Duration longestDelay;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread exitCleanup;

    private BenchStack(String database, Topology topology, Connection amqp, Duration longestDelay) {
        this.database = database;
        this.topology = topology;
        this.amqp = amqp;
        this.longestDelay = longestDelay;
        this.exitCleanup = ExitCleanup.register("the database " + database + " and prefix " + topology.prefix(), this);
    }

    public static BenchStack create(String runId, String label) throws SQLException, IOException, TimeoutException {
        return create(runId, label, LONGEST_DELAY);
    }

    /**
     * Creates the stack of a workload whose jobs may wait longer than a retry, such as monitored jobs with a long
     * poll interval: closing it deletes every delay queue up to the longer of {@code longestDelay} and 90 s.
     */
    public static BenchStack create(String runId, String label, Duration longestDelay)
            throws SQLException, IOException, TimeoutException {
        String database = "jobs_bench_" + runId + "_" + label;
        adminExecute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        adminExecute("CREATE DATABASE " + database);
        Duration deletedUpTo = longestDelay.compareTo(LONGEST_DELAY) > 0 ? longestDelay : LONGEST_DELAY;
        return new BenchStack(database, new Topology("bench-" + runId + "-" + label),
                amqpFactory().newConnection("jobs-bench"), deletedUpTo);
    }

    public String databaseName() {
        return database;
    }

    public String databaseUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    public Topology topology() {
        return topology;
    }

    public Connection amqp() {
        return amqp;
    }

    public Map<String, String> workerEnvironment(Integer concurrency, Integer prefetch) {
        return WorkerProcesses.environment(topology.prefix(), databaseUrl(), AMQP_URI, concurrency, prefetch);
    }

    /** Opens the producer side in this JVM: a connection pool of {@code poolSize}, a broker connection, a JobManager. */
    public Producer openProducer(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(databaseUrl());
        config.setUsername(USER);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("bench-producer");
        HikariDataSource dataSource = new HikariDataSource(config);
        CachingConnectionFactory connectionFactory = new CachingConnectionFactory(URI.create(AMQP_URI));
        connectionFactory.setChannelCacheSize(Math.max(25, poolSize * 2));
        JobSettings settings = JobSettings.fromEnvironment(Map.of("JOB_PREFIX", topology.prefix())::get);
        JobManager manager = JobSystem.initialize(dataSource, connectionFactory, settings, JobTypeRegistry.builtIn(),
                new JobMetrics(new SimpleMeterRegistry()));
        return new Producer(manager, dataSource, connectionFactory);
    }

    /** The producer's resources, closed together. */
    public record Producer(JobManager manager, HikariDataSource dataSource, CachingConnectionFactory connectionFactory)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            manager.close();
            dataSource.close();
            connectionFactory.destroy();
        }
    }

    /**
     * Waits until no session is connected to the database: a server process writes its statistics when it exits,
     * so counters read afterwards include all the work done before.
     */
    public void awaitNoSessions() throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + IDLE_LIMIT_MILLIS;
        while (adminLong("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'") > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Counters of this database, and the cluster's WAL flushes and WAL bytes (shared with every other database). */
    public record Counters(long commits, long inserted, long updated, long deleted, long walSyncs, long walBytes) {
        public Counters minus(Counters earlier) {
            return new Counters(commits - earlier.commits, inserted - earlier.inserted, updated - earlier.updated,
                    deleted - earlier.deleted, walSyncs - earlier.walSyncs, walBytes - earlier.walBytes);
        }

        /** Returns these counts divided by {@code jobs}, as the bench's {@code cost_per_job…} JSON objects. */
        public ObjectNode perJob(int jobs) {
            ObjectNode cost = JsonNodeFactory.instance.objectNode();
            cost.put("commits", thousandths((double) commits / jobs));
            cost.put("rows_inserted", thousandths((double) inserted / jobs));
            cost.put("rows_updated", thousandths((double) updated / jobs));
            cost.put("rows_deleted", thousandths((double) deleted / jobs));
            cost.put("wal_syncs_cluster", thousandths((double) walSyncs / jobs));
            cost.put("wal_bytes_cluster", Math.round((double) walBytes / jobs));
            return cost;
        }

        private static double thousandths(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }

    public Counters counters() throws SQLException {
        try (var connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            long commits;
            long inserted;
            long updated;
            long deleted;
            try (ResultSet row = statement.executeQuery("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted "
                    + "FROM pg_stat_database WHERE datname = '" + database + "'")) {
                row.next();
                commits = row.getLong(1);
                inserted = row.getLong(2);
                updated = row.getLong(3);
                deleted = row.getLong(4);
            }
            try (ResultSet row = statement.executeQuery("SELECT wal_sync, wal_bytes FROM pg_stat_wal")) {
                row.next();
                return new Counters(commits, inserted, updated, deleted, row.getLong(1), row.getLong(2));
            }
        }
    }

    public java.sql.Connection openDatabase() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), USER, "");
    }

    /** Deletes the queues, exchanges and database of the run; a second call does nothing. */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ExitCleanup.unregister(exitCleanup);
        List<String> queues = new java.util.ArrayList<>();
        JobTypeRegistry.builtIn().names().forEach(type -> queues.add(topology.workQueue(type)));
        queues.add(topology.deadQueue());
        DelayLadder.valuesUpTo(longestDelay).forEach(delay -> queues.add(topology.delayQueue(delay)));
        for (String queue : queues) {
            try (Channel channel = amqp.createChannel()) {
                channel.queueDelete(queue);
            }
        }
        for (String exchange : List.of(topology.workExchange(), topology.delayExchange(), topology.eventsExchange())) {
            try (Channel channel = amqp.createChannel()) {
                channel.exchangeDelete(exchange);
            }
        }
        amqp.close();
        adminExecute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    public static String serverVersions() throws SQLException, IOException, TimeoutException {
        String postgres;
        try (var connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_setting('server_version'), "
                     + "current_setting('synchronous_commit'), current_setting('fsync')")) {
            row.next();
            postgres = "PostgreSQL " + row.getString(1) + " (synchronous_commit=" + row.getString(2) + ", fsync="
                    + row.getString(3) + ")";
        }
        try (Connection connection = amqpFactory().newConnection("jobs-bench-version")) {
            return postgres + ", RabbitMQ " + connection.getServerProperties().get("version");
        }
    }

    private static ConnectionFactory amqpFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(AMQP_URI);
        } catch (Exception e) {
            throw new IllegalStateException("Invalid AMQP URI " + AMQP_URI, e);
        }
        return factory;
    }

    private static void adminExecute(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long adminLong(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
