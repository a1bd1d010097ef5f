package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.sql.KeyLookupPlans;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The worker's second, small pool, for the statements that start and end groups of jobs, which run for every job.
 * Its connections rule out whole-table reads ({@link KeyLookupPlans}), so every plan of those statements reads rows
 * by key, whether PostgreSQL keeps it or makes it for one run. The settings were checked for these statements only:
 * every other statement uses the main pool, where the planner keeps all its methods.
 *
 * <p>Its pool metrics carry the tag {@code pool="worker-db-groups"}, and {@code /actuator/health} reports it as
 * {@code groupDatabase}.
 */
final class GroupConnections implements AutoCloseable {

    /** Connections in the pool. One group statement runs at a time for starts and one for ends, so four are enough. */
    static final int POOL_SIZE = 4;

    private final HikariDataSource dataSource;
    private final JobRepository jobs;

    static final String POOL_NAME = "worker-db-groups";

    /** Opens the pool, whose metrics go to {@code registry}. */
    GroupConnections(WorkerSettings settings, MeterRegistry registry) {
        HikariConfig config = WorkerConfiguration.poolConfig(settings, POOL_NAME, POOL_SIZE,
                KeyLookupPlans.SESSION_SETTINGS);
        config.setMetricRegistry(registry);
        this.dataSource = new HikariDataSource(config);
        this.jobs = new JobRepository(DSL.using(dataSource, SQLDialect.POSTGRES));
    }

    /** Returns the repository whose group statements run on this pool. */
    JobRepository jobs() {
        return jobs;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
