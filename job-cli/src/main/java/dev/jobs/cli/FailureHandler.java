package dev.jobs.cli;

import dev.jobs.cli.http.ApiException;
import dev.jobs.cli.http.ServiceUnreachableException;
import org.springframework.amqp.AmqpException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failed command's error on one line and picks its exit code; a stack trace is never shown. */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        int code = exitCode(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ApiException api && api.problem() != null && api.problem().hasNonNull("field")) {
            message += " (field " + api.problem().get("field").asString() + ")";
        }
        if (e instanceof ApiException api && api.status() == 401) {
            message += " (pass --api-key KEY or set JOB_API_KEY)";
        }
        commandLine.getErr().println("Error: " + message);
        return code;
    }

    static int exitCode(Exception e) {
        if (e instanceof ApiException api) {
            return switch (api.status()) {
                case 400, 401, 403, 415 -> ExitCodes.USAGE;
                case 404 -> ExitCodes.NOT_FOUND;
                case 409 -> ExitCodes.JOB_FAILED_OR_REJECTED;
                default -> api.status() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.USAGE;
            };
        }
        if (e instanceof ServiceUnreachableException || e instanceof AmqpException) {
            return ExitCodes.UNAVAILABLE;
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.UNAVAILABLE;
    }
}
