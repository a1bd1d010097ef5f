package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import dev.jobs.runpod.simulator.fault.Fault;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Sends the response of an injected fault, or sleeps for a slow one and lets the request go on. */
final class FaultResponder {

    private static final Map<Integer, String> REASONS = Map.of(
            500, "Internal Server Error", 502, "Bad Gateway", 503, "Service Temporarily Unavailable",
            504, "Gateway Time-out");

    private FaultResponder() {
    }

    /**
     * Applies the fault to the exchange.
     *
     * @return whether a response was sent, so the request must not be handled further
     * @throws IOException always for a dropped connection, so that the server closes it
     */
    static boolean apply(HttpExchange exchange, Fault fault, String jobId) throws IOException {
        switch (fault.kind()) {
            case SLOW -> {
                sleep(fault);
                return false;
            }
            case HTTP_ERROR -> {
                sendHtml(exchange, fault.httpStatus());
                return true;
            }
            case RATE_LIMITED -> {
                sendRateLimited(exchange, fault.retryAfterSeconds());
                return true;
            }
            case DROP -> {
                drop(exchange);
                return true;
            }
            case STATUS -> {
                ObjectNode body = JsonExchange.MAPPER.createObjectNode().put("id", jobId).put("status", fault.reportedStatus());
                JsonExchange.send(exchange, 200, body);
                return true;
            }
        }
        return false;
    }

    /** Sends 429 as RunPod does when a request is over its limit, with {@code Retry-After} if it is set. */
    static void sendRateLimited(HttpExchange exchange, Integer retryAfterSeconds) throws IOException {
        if (retryAfterSeconds != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        }
        JsonExchange.sendError(exchange, 429, "Too many requests; slow down and try again later");
    }

    // A gateway in front of an API returns its own HTML page, not the API's JSON, so clients must not parse it.
    private static void sendHtml(HttpExchange exchange, int status) throws IOException {
        String title = status + " " + REASONS.getOrDefault(status, "Server Error");
        byte[] body = ("<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Announces a longer body than it writes, then throws: the JDK server closes the connection of a handler that
     * throws an {@link IOException}, so the client sees the connection end mid-response.
     */
    private static void drop(HttpExchange exchange) throws IOException {
        byte[] partial = "{\"id\":\"".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 1024);
        OutputStream out = exchange.getResponseBody();
        out.write(partial);
        out.flush();
        throw new IOException("Connection dropped by an injected fault");
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
