package dev.jobs.store.sql;

/**
 * Session settings under which the plan PostgreSQL keeps for a statement stays right as the tables grow.
 *
 * <p>After five runs of a prepared statement on a connection, PostgreSQL may keep one generic plan for it, costed with
 * the table's size at that moment. Made while {@code jobs} is nearly empty, the plan of the start and end statements
 * reads the whole table on every run. Nothing replaces that plan until the table is analyzed, which never happens
 * where autovacuum is off. With sequential scans, hash joins and merge joins disabled, the plans left read each row
 * through its primary key at any table size. So the kept plan is the one wanted, and PostgreSQL
 * need not plan the statement again on every run, as {@code plan_cache_mode = force_custom_plan} would make it do.
 *
 * <p>The settings only rule a sequential scan out where an index can serve: a query with no usable index still reads
 * the whole table.
 */
public final class KeptPlans {

    /** The settings as one SQL string, to run when a connection opens. */
    public static final String SESSION_SETTINGS =
            "SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off";

    private KeptPlans() {
    }
}
