package dev.jobs.store.sql;

/**
 * Session settings under which every plan PostgreSQL makes for a statement reads rows by key, at any table size.
 *
 * <p>After five runs of a prepared statement on a connection, PostgreSQL may keep one generic plan for it, costed with
 * the table's size at that moment. Made while {@code jobs} is nearly empty, the plan of the start and end statements
 * reads the whole table on every run. Nothing replaces that plan until the table is analyzed, which never happens
 * where autovacuum is off. With sequential scans, hash joins and merge joins disabled, the plans left read each row
 * through its primary key, whether kept or made for one run. PostgreSQL still plans a run of a small group anew,
 * because it costs the kept plan for arrays of ten rows, but with those methods ruled out the planning is cheap.
 *
 * <p>The settings only rule a sequential scan out where an index can serve: a query with no usable index still reads
 * the whole table.
 */
public final class KeyLookupPlans {

    /** The settings as one SQL string, to run when a connection opens. */
    public static final String SESSION_SETTINGS =
            "SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off";

    private KeyLookupPlans() {
    }
}
