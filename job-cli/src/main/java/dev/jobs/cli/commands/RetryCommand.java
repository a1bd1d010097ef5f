package dev.jobs.cli.commands;

import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code jobs retry ID}: runs a failed or cancelled job again; exits 1 when its status does not allow that. */
@Command(name = "retry", description = "Run a failed or cancelled job again as its next run.")
public final class RetryCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id")
    UUID id;

    @Override
    public Integer call() {
        JsonNode job = root.client().post("/jobs/" + id + "/retry", null);
        root.output(spec).print(job, "Retried job " + id + " as run " + job.path("run").asInt() + " ("
                + job.path("status").asString() + ")");
        return ExitCodes.OK;
    }
}
