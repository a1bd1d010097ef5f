package dev.jobs.cli.commands;

import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import dev.jobs.cli.output.JobText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code jobs get ID}: prints a job with its timeline. */
@Command(name = "get", description = "Print a job and its timeline.")
public final class GetCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id")
    UUID id;

    @Override
    public Integer call() {
        JsonNode job = root.client().get("/jobs/" + id);
        root.output(spec).print(job, JobText.details(job));
        return ExitCodes.OK;
    }
}
