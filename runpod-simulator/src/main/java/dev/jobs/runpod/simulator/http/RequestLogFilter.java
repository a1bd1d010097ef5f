package dev.jobs.runpod.simulator.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.jobs.runpod.simulator.RequestLog;
import java.io.IOException;
import java.time.Clock;

/**
 * Records each request in the {@link RequestLog} after the response has been sent, including requests that
 * later filters reject. The status is -1 if no response was sent.
 */
public final class RequestLogFilter extends Filter {

    private final RequestLog requestLog;
    private final Clock clock;

    public RequestLogFilter(RequestLog requestLog, Clock clock) {
        this.requestLog = requestLog;
        this.clock = clock;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
            chain.doFilter(exchange);
        } finally {
            requestLog.add(new RequestLog.Entry(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    clock.instant(),
                    exchange.getResponseCode()));
        }
    }

    @Override
    public String description() {
        return "Records requests in the simulator's request log";
    }
}
