package dev.jobs.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Parallel arrays, one per column, bound in order as the parameters of a statement that reads them with
 * {@code unnest(?::uuid[], ?::text[], …)}. The statement's text is fixed, so the driver prepares it once per
 * connection, and the arrays go to the driver as they are: jOOQ neither renders nor binds them.
 *
 * @param <R> the type of one input row, from which each column takes its value
 */
public final class ArrayColumns<R> {

    private record Column(String elementType, Object[] values) {
    }

    private final List<R> rows;
    private final List<Column> columns = new ArrayList<>();

    private ArrayColumns(List<R> rows) {
        this.rows = rows;
    }

    /** Starts the arrays of {@code rows}, with one element per row in each column. */
    public static <R> ArrayColumns<R> of(List<R> rows) {
        return new ArrayColumns<>(rows);
    }

    /** Adds a {@code uuid[]} column whose value in each row is {@code value} applied to the row. */
    public ArrayColumns<R> uuid(Function<R, UUID> value) {
        return add("uuid", new UUID[rows.size()], value);
    }

    /** Adds a {@code text[]} column. Cast it in SQL where the target column has another type, such as {@code jsonb}. */
    public ArrayColumns<R> text(Function<R, String> value) {
        return add("text", new String[rows.size()], value);
    }

    /** Adds an {@code int4[]} column. */
    public ArrayColumns<R> int4(Function<R, Integer> value) {
        return add("int4", new Integer[rows.size()], value);
    }

    /** Adds an {@code int8[]} column. */
    public ArrayColumns<R> int8(Function<R, Long> value) {
        return add("int8", new Long[rows.size()], value);
    }

    /**
     * Adds a column of instants, sent as ISO-8601 text so that no time zone applies. Read it with
     * {@code ?::timestamptz[]}.
     */
    public ArrayColumns<R> instant(Function<R, Instant> value) {
        return add("text", new String[rows.size()], row -> {
            Instant instant = value.apply(row);
            return instant == null ? null : instant.toString();
        });
    }

    private <T> ArrayColumns<R> add(String elementType, T[] values, Function<R, ? extends T> value) {
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        columns.add(new Column(elementType, values));
        return this;
    }

    /** Binds every column as an array, from parameter {@code first} on, and returns the next free parameter index. */
    public int bind(PreparedStatement statement, int first) throws SQLException {
        Connection connection = statement.getConnection();
        int index = first;
        for (Column column : columns) {
            statement.setArray(index++, connection.createArrayOf(column.elementType(), column.values()));
        }
        return index;
    }
}
