package dev.jobs.store.sql;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.SQL;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A derived table built from parallel arrays, {@code unnest(?, ?, …) AS alias(column, …)}, with one row per index.
 * A statement over many rows binds one array per column in place of one parameter per value. Its SQL text is then
 * the same for any number of rows, so jOOQ renders little and the PostgreSQL driver reuses one prepared statement.
 *
 * @param <R> the type of one input row, from which each column takes its value
 */
public final class Unnest<R> {

    private static final Map<DataType<?>, DataType<?>> ARRAY_TYPES = new ConcurrentHashMap<>();

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

    /** Adds a column whose value in each row is {@code value} applied to the input row. */
    public <T> Unnest<R> column(String name, DataType<T> type, Function<R, T> value) {
        Object[] values = (Object[]) java.lang.reflect.Array.newInstance(type.getType(), rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        names.add(name);
        arrays.add(array(values, type));
        return this;
    }

    /**
     * Returns a bind value of type {@code type[]}, such as the ids of {@code WHERE id = ANY(?)}. The array types are
     * cached, because jOOQ builds a new one on every {@code getArrayDataType} call and that showed in profiles.
     */
    public static <T> Param<?> array(Object[] values, DataType<T> type) {
        return DSL.val(values, ARRAY_TYPES.computeIfAbsent(type, DataType::getArrayDataType));
    }

    /** Returns the derived table with every column added so far, for a plain SQL template's {@code FROM} clause. */
    public SQL table() {
        if (arrays.isEmpty()) {
            throw new IllegalStateException("Add at least one column before using the table " + alias);
        }
        String template = IntStream.range(0, arrays.size()).mapToObj(i -> "{" + i + "}")
                .collect(Collectors.joining(", ", "unnest(", ") AS " + alias + "(" + String.join(", ", names) + ")"));
        return DSL.sql(template, arrays.toArray(QueryPart[]::new));
    }
}
