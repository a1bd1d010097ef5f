package dev.jobs.api.message;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads the published JSON Schemas and their golden example files from the classpath. */
final class ContractSchemas {

    static final String JOB_MESSAGE = "job-message";
    static final String EVENT = "event";

    /**
     * Format assertions are on, so {@code format: uuid} and {@code format: date-time} are checked too. Draft 2020-12
     * treats {@code format} as an annotation by default, which is why the schemas also give a {@code pattern} for
     * UUIDs: validators in other languages that skip formats still reject a malformed id.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private ContractSchemas() {
    }

    static Schema schema(String name) {
        try (InputStream in = resource("schemas/" + name + ".schema.json").openStream()) {
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schemaTree(String name) {
        return readTree("schemas/" + name + ".schema.json");
    }

    /** Validation errors of a body given as text; a body that is not JSON yields one error. */
    static List<String> errors(Schema schema, String body) {
        JsonNode tree;
        try {
            tree = MessageCodec.mapper().readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return errors(schema, tree);
    }

    static List<String> errors(Schema schema, JsonNode tree) {
        return schema.validate(tree).stream().map(Error::toString).toList();
    }

    /** The golden example files {@code schemas/examples/<name>/<kind>/*.json}, sorted by file name. */
    static List<Path> examples(String name, String kind) {
        Path folder = path("schemas/examples/" + name + "/" + kind);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String resource) {
        try {
            return Path.of(resource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String resource) {
        try (InputStream in = resource(resource).openStream()) {
            return MessageCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL resource(String name) {
        URL url = ContractSchemas.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("Resource " + name + " is missing from the classpath");
        }
        return url;
    }
}
