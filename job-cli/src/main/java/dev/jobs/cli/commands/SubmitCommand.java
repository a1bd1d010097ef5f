package dev.jobs.cli.commands;

import dev.jobs.api.message.MessageCodec;
import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code jobs submit TYPE --payload JSON}: stores and publishes a job through {@code POST /jobs}. */
@Command(name = "submit", description = "Submit a job and print it.")
public final class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TYPE", description = "Job type, such as monitor-training-status")
    String type;

    @Option(names = "--payload", required = true, paramLabel = "JSON", description = "The job's input as a JSON object")
    String payload;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Limit from the job's start to its end, in milliseconds")
    Long timeoutMs;

    @Option(names = "--poll-interval-ms", paramLabel = "MS", description = "Delay between two checks, in milliseconds")
    Long pollIntervalMs;

    @Option(names = "--retry-attempts", paramLabel = "N", description = "Retries after the first failure")
    Integer retryAttempts;

    @Option(names = "--retry-delay-ms", paramLabel = "MS", description = "Delay before the first retry, in milliseconds")
    Long retryDelayMs;

    @Option(names = "--run-at", paramLabel = "TIME", description = "Do not start before this ISO-8601 UTC time, such as 2030-01-01T12:00:00Z")
    Instant runAt;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "A second submit with this key returns the first job")
    String idempotencyKey;

    @Override
    public Integer call() {
        JsonNode payloadJson;
        try {
            payloadJson = MessageCodec.mapper().readTree(payload);
        } catch (JacksonException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--payload is not valid JSON: " + payload);
        }

        ObjectNode body = MessageCodec.mapper().createObjectNode();
        body.put("type", type);
        body.set("payload", payloadJson);
        body.set("options", options());

        JsonNode job = root.client().post("/jobs", body);
        root.output(spec).print(job, "Submitted job " + job.path("id").asString() + " (" + job.path("type").asString()
                + ", " + job.path("status").asString() + ")");
        return ExitCodes.OK;
    }

    private ObjectNode options() {
        ObjectNode options = MessageCodec.mapper().createObjectNode();
        if (timeoutMs != null) {
            options.put("timeoutMs", timeoutMs);
        }
        if (pollIntervalMs != null) {
            options.put("pollIntervalMs", pollIntervalMs);
        }
        if (retryAttempts != null) {
            options.put("retryAttempts", retryAttempts);
        }
        if (retryDelayMs != null) {
            options.put("retryDelayMs", retryDelayMs);
        }
        if (runAt != null) {
            options.put("runAt", runAt.toString());
        }
        if (idempotencyKey != null) {
            options.put("idempotencyKey", idempotencyKey);
        }
        return options;
    }
}
