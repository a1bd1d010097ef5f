package dev.jobs.store.sql;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A derived table built from parallel arrays, {@code unnest(?, ?, …) AS alias(column, …)}, one row per index.
 * A statement over many rows then binds one array per column instead of one parameter per value, so its SQL text
 * is the same for any number of rows: jOOQ renders a short statement, and the PostgreSQL driver reuses one
 * server-side prepared statement for it.
 *
 * @param <R> the type of one input row, from which each column takes its value
 */
public final class Unnest<R> {

    private final String alias;
    private final List<R> rows;
    private final List<String> names = new ArrayList<>();
    private final List<Field<?>> arrays = new ArrayList<>();

    private Unnest(String alias, List<R> rows) {
        this.alias = alias;
        this.rows = rows;
    }

    /** Starts a derived table named {@code alias} with one row per element of {@code rows}. */
    public static <R> Unnest<R> of(String alias, List<R> rows) {
        return new Unnest<>(alias, rows);
    }

    /**
     * Adds a column whose value in each row is {@code value} applied to the input row, and returns a reference to it
     * for the statement's clauses.
     */
    public <T> Field<T> column(String name, DataType<T> type, Function<R, T> value) {
        Object[] values = (Object[]) java.lang.reflect.Array.newInstance(type.getType(), rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        names.add(name);
        arrays.add(DSL.val(values, type.getArrayDataType()));
        return DSL.field(DSL.name(alias, name), type);
    }

    /** The derived table with every column added so far. */
    public Table<?> table() {
        if (arrays.isEmpty()) {
            throw new IllegalStateException("Add at least one column before using the table " + alias);
        }
        String template = IntStream.range(0, arrays.size()).mapToObj(i -> "{" + i + "}")
                .collect(Collectors.joining(", ", "unnest(", ")"));
        return DSL.table(template, arrays.toArray(QueryPart[]::new)).as(alias, names.toArray(String[]::new));
    }
}
