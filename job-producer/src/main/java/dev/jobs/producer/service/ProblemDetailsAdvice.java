package dev.jobs.producer.service;

import dev.jobs.api.InvalidJobException;
import dev.jobs.producer.client.JobStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.exc.StreamConstraintsException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns errors into RFC 9457 problem details. Invalid input names the field or parameter in {@code field} and in
 * {@code invalid-params}; a conflict with the job's status carries {@code jobId} and {@code jobStatus}.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(InvalidJobException.class)
    ProblemDetail invalidJob(InvalidJobException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid job request");
        problem.setType(URI.create("urn:jobs:problem:invalid-request"));
        problem.setProperty("field", e.field());
        problem.setProperty("invalid-params", List.of(Map.of("name", e.field(), "reason", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request parameter");
        problem.setType(URI.create("urn:jobs:problem:invalid-request"));
        problem.setProperty("field", e.parameter());
        problem.setProperty("invalid-params", List.of(Map.of("name", e.parameter(), "reason", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(JobConflictException.class)
    ProblemDetail conflict(JobConflictException e) {
        return conflict(e.getMessage(), e.jobId(), e.status().wireName());
    }

    @ExceptionHandler(JobStateException.class)
    ProblemDetail jobState(JobStateException e) {
        return conflict(e.getMessage(), e.jobId(), e.status().wireName());
    }

    private static ProblemDetail conflict(String detail, UUID jobId, String status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Job status does not allow this action");
        problem.setType(URI.create("urn:jobs:problem:job-state"));
        problem.setProperty("jobId", jobId.toString());
        problem.setProperty("jobStatus", status);
        return problem;
    }

    /** Spring MVC's own errors (unknown path, wrong method, …) already carry a problem body; keep it. */
    @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class,
            ResponseStatusException.class})
    ResponseEntity<ProblemDetail> framework(Exception e) {
        ErrorResponse error = (ErrorResponse) e;
        return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders()).body(error.getBody());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException) {
                log.warn("Rejected a request body: {}", cause.getMessage());
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                        RequestBodyLimitFilter.DETAIL);
                problem.setTitle("Request body too large");
                problem.setType(URI.create("urn:jobs:problem:too-large"));
                return problem;
            }
            if (cause instanceof StreamConstraintsException limit) {
                return invalidBody("The request body breaks a limit of the JSON parser: " + limit.getOriginalMessage()
                        + ". Send a flatter or smaller JSON object");
            }
        }
        return invalidBody("The request body is not valid JSON: send a JSON object as described in /openapi.json");
    }

    private static ProblemDetail invalidBody(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid job request");
        problem.setType(URI.create("urn:jobs:problem:invalid-request"));
        problem.setProperty("field", "body");
        return problem;
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content type " + e.getContentType() + " is not supported: send application/json");
        problem.setTitle("Unsupported media type");
        return problem;
    }

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Job not found");
        return problem;
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        if (DatabaseUnavailable.causedBy(e)) {
            log.error("Request failed: the database is unavailable: {}", DatabaseUnavailable.reason(e));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The database is unavailable, so nothing was stored or changed: retry the request later");
            problem.setTitle("Database unavailable");
            problem.setType(URI.create("urn:jobs:problem:database-unavailable"));
            return problem;
        }
        log.error("Request failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on the server: " + e.getClass().getSimpleName());
        problem.setTitle("Internal error");
        return problem;
    }
}
