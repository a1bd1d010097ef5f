package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.HttpExchange;

/**
 * Responds with 404 to every path that no other handler serves.
 */
public final class NotFoundHandler extends JsonHandler {

    @Override
    protected void handleJson(HttpExchange exchange) {
        throw HttpError.notFound(
                "No route for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    }
}
