package dev.jobs.producer.service;

import dev.jobs.producer.client.JobClient;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Rejects a request body larger than {@link #MAX_BODY_BYTES} with a 413 problem before the body is read whole. A body
 * whose {@code Content-Length} exceeds the limit is rejected at once, any other as soon as reading passes the limit.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

    /** Room for a payload at its own limit written with JSON escapes, plus the type and the options. */
    static final long MAX_BODY_BYTES = 8L * JobClient.MAX_PAYLOAD_BYTES;

    static final String DETAIL = "The request body is larger than " + MAX_BODY_BYTES + " bytes: a job's payload may"
            + " take at most " + JobClient.MAX_PAYLOAD_BYTES + " bytes; store large data elsewhere and pass a reference";

    /** Failure raised when reading a body passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super(DETAIL);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            log.warn("Rejected {} {} from {}: body of {} bytes is over the limit of {}", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), request.getContentLengthLong(), MAX_BODY_BYTES);
            ProblemResponses.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "urn:jobs:problem:too-large", "Request body too large", DETAIL);
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private ServletInputStream limited;

        private LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedStream(super.getInputStream());
            }
            return limited;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream body;
        private long read;

        private LimitedStream(ServletInputStream body) {
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
