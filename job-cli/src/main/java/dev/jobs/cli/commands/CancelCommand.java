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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code jobs cancel ID}: cancels a pending or running job; exits 1 when it had already ended. */
@Command(name = "cancel", description = "Cancel a pending or running job.")
public final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id")
    UUID id;

    @Option(names = "--reason", description = "Stored as the job's error (default: Cancelled through the API)")
    String reason;

    @Override
    public Integer call() {
        ObjectNode body = null;
        if (reason != null) {
            body = MessageCodec.mapper().createObjectNode().put("reason", reason);
        }
        JsonNode job = root.client().post("/jobs/" + id + "/cancel", body);
        root.output(spec).print(job, "Cancelled job " + id + ": " + job.path("error").asString());
        return ExitCodes.OK;
    }
}
