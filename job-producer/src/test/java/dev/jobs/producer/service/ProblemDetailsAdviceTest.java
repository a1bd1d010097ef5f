package dev.jobs.producer.service;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @Test
    void poolTimeoutGives503() {
        ProblemDetail problem = advice.unexpected(new DataAccessException("SQL [insert]",
                new SQLTransientConnectionException("worker-db - Connection is not available, request timed out")));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getDetail()).contains("nothing was stored").contains("retry the request later");
    }

    @Test
    void refusedConnectionGives503() {
        assertThat(advice.unexpected(new DataAccessException("x", new SQLException("refused", "08001"))).getStatus())
                .isEqualTo(503);
        assertThat(advice.unexpected(new DataAccessException("x", new SQLException("shutdown", "57P01"))).getStatus())
                .isEqualTo(503);
    }

    @Test
    void otherDatabaseErrorGives500() {
        ProblemDetail problem = advice.unexpected(new DataAccessException("x", new SQLException("bad", "42703")));

        assertThat(problem.getStatus()).isEqualTo(500);
    }
}
