package dev.jobs.producer.service;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rejects a request without a valid API key with a 401 problem. The key is read from
 * {@code Authorization: Bearer <key>} or, when that header is absent, from {@code X-API-Key}. Registered only for
 * the job and queue paths, so health and the OpenAPI document stay open.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final String BEARER = "Bearer ";
    private static final long LOG_EVERY = 100;

    private final ApiKeys keys;
    private final AtomicLong rejected = new AtomicLong();

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!keys.enabled() || keys.accepts(presentedKey(request))) {
            chain.doFilter(request, response);
            return;
        }
        long count = rejected.incrementAndGet();
        // Rate-limited so a client looping with a wrong key cannot flood the log.
        if (count == 1 || count % LOG_EVERY == 0) {
            log.warn("Rejected {} {} from {}: missing or invalid API key ({} rejected so far)", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), count);
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        ProblemResponses.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "urn:jobs:problem:unauthorized",
                "Unauthorized", "Missing or invalid API key: send Authorization: Bearer <key> or X-API-Key: <key>");
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        if (authorization != null) {
            return null;
        }
        return request.getHeader("X-API-Key");
    }
}
