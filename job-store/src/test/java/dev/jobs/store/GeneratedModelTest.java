package dev.jobs.store;

import dev.jobs.store.generated.DefaultSchema;
import dev.jobs.testing.TestServices;
import org.jooq.Field;
import org.jooq.Meta;
import org.jooq.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedModelTest {

    private static JobStore store;

    @BeforeAll
    static void migrate() {
        store = JobStore.migrateAndOpen(TestServices.dataSource());
    }

    @Test
    void generatedTablesMatchMigratedTables() {
        Meta database = store.dsl().meta().filterSchemas(schema -> schema.getName().equals("public"));

        var migrated = database.getTables().stream()
                .map(Table::getName)
                .filter(name -> !name.equals("flyway_schema_history"))
                .collect(Collectors.toSet());
        var generated = DefaultSchema.DEFAULT_SCHEMA.getTables().stream().map(Table::getName).collect(Collectors.toSet());

        assertThat(generated).isEqualTo(migrated);
    }

    @Test
    void generatedColumnsMatchMigratedColumns() {
        Meta database = store.dsl().meta().filterSchemas(schema -> schema.getName().equals("public"));

        for (Table<?> generatedTable : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            Table<?> migratedTable = database.getTables(generatedTable.getName()).getFirst();
            Map<String, Field<?>> migratedColumns = byName(migratedTable.fields());

            assertThat(migratedColumns.keySet()).as("columns of %s", generatedTable.getName())
                    .containsExactlyInAnyOrderElementsOf(byName(generatedTable.fields()).keySet());
            for (Field<?> generated : generatedTable.fields()) {
                Field<?> migrated = migratedColumns.get(generated.getName());
                assertThat(migrated.getDataType().getSQLDataType().getTypeName())
                        .as("type of %s.%s", generatedTable.getName(), generated.getName())
                        .isEqualTo(generated.getDataType().getSQLDataType().getTypeName());
                assertThat(migrated.getDataType().nullable())
                        .as("nullability of %s.%s", generatedTable.getName(), generated.getName())
                        .isEqualTo(generated.getDataType().nullable());
            }
        }
    }

    @Test
    void nullableColumnsIndexOnlySetValues() {
        Map<String, String> definitions = store.dsl()
                .fetch("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'jobs'")
                .intoMap(row -> row.get(0, String.class), row -> row.get(1, String.class));

        assertThat(definitions.get("jobs_idempotency_key_set_idx"))
                .startsWith("CREATE UNIQUE INDEX")
                .endsWith("WHERE (idempotency_key IS NOT NULL)");
        assertThat(definitions.get("jobs_completed_at_set_idx")).endsWith("WHERE (completed_at IS NOT NULL)");
        assertThat(definitions).doesNotContainKeys("jobs_idempotency_key_unique", "jobs_completed_at_idx");
    }

    private static Map<String, Field<?>> byName(Field<?>[] fields) {
        return java.util.Arrays.stream(fields).collect(Collectors.toMap(Field::getName, Function.identity()));
    }
}
