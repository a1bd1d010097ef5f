package dev.jobs.worker.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.sql.KeptPlans;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The worker's second, small pool, for the statements that start and end groups of jobs, which run for every job.
 * Its connections rule out whole-table reads ({@link KeptPlans}), so every plan of those statements reads rows by key,
 * whether PostgreSQL keeps it or makes it for one run. The settings were checked for these statements only: every
 * other statement uses the main pool, where the planner keeps all its methods.
 */
final class GroupConnections implements AutoCloseable {

    /** One group statement runs at a time for starts and one for ends, so four connections leave room to spare. */
    static final int POOL_SIZE = 4;

    private final HikariDataSource dataSource;
    private final JobRepository jobs;

    GroupConnections(WorkerSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.connections().databaseUrl());
        config.setUsername(settings.connections().databaseUser());
        config.setPassword(settings.connections().databasePassword());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("worker-db-groups");
        config.setConnectionInitSql(KeptPlans.SESSION_SETTINGS);
        // TODO: this pool is not a DataSource bean, so the actuator's health check and pool metrics do not cover it.
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
