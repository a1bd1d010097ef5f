package dev.jobs.cli;

import dev.jobs.cli.http.ApiException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class FailureHandlerTest {

    @Test
    void unauthorizedNamesApiKeyOption() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = JobsCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true));

        int code = new FailureHandler().handleExecutionException(
                new ApiException(401, null, "Missing or invalid API key"), commandLine, null);

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing or invalid API key").contains("--api-key KEY or set JOB_API_KEY");
    }
}
