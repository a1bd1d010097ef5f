package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base handler that turns an {@link HttpError} into its JSON error response and any other exception into a
 * logged 500 response, so that every request gets a JSON response.
 */
public abstract class JsonHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonHandler.class);

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                handleJson(exchange);
            } catch (HttpError e) {
                if (e.allowedMethods() != null) {
                    exchange.getResponseHeaders().set("Allow", e.allowedMethods());
                }
                JsonExchange.sendError(exchange, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("Request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                JsonExchange.sendError(exchange, 500, "Internal simulator error: " + e.getMessage());
            }
        }
    }

    /** Handles the request and sends the response, or throws {@link HttpError} to send an error. */
    protected abstract void handleJson(HttpExchange exchange) throws IOException;

    /** Throws a 405 error unless the request uses one of {@code allowed}. */
    protected static void requireMethod(HttpExchange exchange, String... allowed) {
        String method = exchange.getRequestMethod();
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw HttpError.methodNotAllowed(method, exchange.getRequestURI().getPath(), String.join(", ", allowed));
    }
}
