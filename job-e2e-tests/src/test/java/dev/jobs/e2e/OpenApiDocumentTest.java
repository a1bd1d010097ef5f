package dev.jobs.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jobs.e2e.ProducerService.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document is well-formed OpenAPI 3.1, every {@code $ref} in it resolves, and it documents every
 * path and method that the service's controllers map (the actuator endpoints excepted).
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private static TestStack stack;
    private static ProducerService service;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        stack = TestStack.withoutWorker();
        service = new ProducerService(stack, Map.of());
        HttpResponse<String> response = service.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        document = json(response);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        stack.close();
    }

    @Test
    void documentHasRequiredTopLevelFields() {
        assertThat(document.path("openapi").asString()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asString()).isNotBlank();
        assertThat(document.path("info").path("version").asString()).isNotBlank();
        assertThat(document.path("paths").isObject()).isTrue();
    }

    @Test
    void everyOperationHasIdAndResponses() {
        List<String> operationIds = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                assertThat(METHODS).as("method of %s", path.getKey()).contains(operation.getKey());
                String where = operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().path("operationId").asString()).as(where).isNotBlank();
                assertThat(operation.getValue().path("responses").size()).as(where).isPositive();
                operationIds.add(operation.getValue().path("operationId").asString());
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if (parameter.path("in").asString().equals("path")) {
                        assertThat(path.getKey()).as(where).contains("{" + parameter.path("name").asString() + "}");
                    }
                }
            }
        }
        assertThat(operationIds).doesNotHaveDuplicates();
    }

    @Test
    void everyReferenceResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
        }
    }

    @Test
    void everyMappedPathIsDocumented() {
        RequestMappingHandlerMapping mapping = service.context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<String> mapped = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getPackageName().startsWith("dev.jobs")) {
                continue;
            }
            for (String path : entry.getKey().getPatternValues()) {
                entry.getKey().getMethodsCondition().getMethods().forEach(method -> mapped.add(method.name().toLowerCase() + " " + path));
            }
        }

        assertThat(mapped).contains("get /jobs", "post /jobs", "get /jobs/{id}", "post /jobs/{id}/cancel",
                "post /jobs/{id}/retry", "get /queues", "get /openapi.json");
        for (String operation : mapped) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            assertThat(document.path("paths").path(path).has(method)).as("documented: %s", operation).isTrue();
        }
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asString());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }
}
