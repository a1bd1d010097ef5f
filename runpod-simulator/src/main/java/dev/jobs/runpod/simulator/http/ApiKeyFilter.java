package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects requests with 401 unless the {@code Authorization} header carries the API key, either as
 * {@code Bearer <key>} or as the bare key.
 */
public final class ApiKeyFilter extends Filter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final String BEARER_PREFIX = "bearer ";

    private final byte[] apiKey;

    public ApiKeyFilter(String apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (isAuthorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            chain.doFilter(exchange);
            return;
        }
        // The header value is not logged because a wrong key is often a real key for another system.
        log.debug("Rejected {} {}: missing or wrong API key",
                exchange.getRequestMethod(), exchange.getRequestURI().getPath());
        try (exchange) {
            JsonExchange.sendError(exchange, 401, "Unauthorized");
        }
    }

    @Override
    public String description() {
        return "Checks the RunPod API key";
    }

    private boolean isAuthorized(String header) {
        if (header == null) {
            return false;
        }
        String candidate = header.strip();
        if (candidate.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            candidate = candidate.substring(BEARER_PREFIX.length()).strip();
        }
        // Constant-time comparison, so response timing does not reveal how much of a guess was right.
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), apiKey);
    }
}
