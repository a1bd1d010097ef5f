package dev.jobs.store;

import dev.jobs.store.job.JobControl;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.outbox.OutboxRepository;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;

/** Entry point to the database: runs the Flyway migrations and hands out the repositories. */
public final class JobStore {

    private final DSLContext dsl;

    private JobStore(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Migrates the schema to the newest version, then returns the store. Safe to call from many processes at once. */
    public static JobStore migrateAndOpen(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new JobStore(dataSource);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public JobRepository jobs() {
        return new JobRepository(dsl);
    }

    public JobControl control() {
        return new JobControl(dsl);
    }

    public OutboxRepository outbox() {
        return new OutboxRepository(dsl);
    }
}
