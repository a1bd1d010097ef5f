package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON request bodies and writes JSON responses on an {@link HttpExchange}.
 */
public final class JsonExchange {

    /** Shared mapper, which is safe to use from many threads once built. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Largest request body accepted, so that a runaway client cannot exhaust the heap. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private JsonExchange() {
    }

    /**
     * Reads the request body as a JSON object.
     *
     * @throws HttpError 400 if the body is empty, not JSON or not an object, 413 if it is too large
     */
    public static ObjectNode readObject(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw HttpError.payloadTooLarge("Request body exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw HttpError.badRequest("Request body is missing; expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw HttpError.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw HttpError.badRequest("Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Sends {@code body} as a JSON response with the given status and closes the exchange. */
    public static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends {@code {"error": message}} with the given status and closes the exchange. */
    public static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, MAPPER.createObjectNode().put("error", message));
    }
}
