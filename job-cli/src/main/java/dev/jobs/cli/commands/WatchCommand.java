package dev.jobs.cli.commands;

import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import dev.jobs.cli.http.ApiClient;
import dev.jobs.cli.output.JobText;
import dev.jobs.cli.output.Output;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code jobs watch ID}: polls the job and prints one line each time its status, checks, attempt, RunPod status or
 * error changes, until it ends. Exits 0 when it completed, 1 when it failed or was cancelled. With {@code --json}
 * each change is printed as the job's full JSON.
 */
@Command(name = "watch", description = "Follow a job until it ends; exit 0 when it completed, 1 when it failed or was cancelled.")
public final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id")
    UUID id;

    @Option(names = "--interval-ms", defaultValue = "1000", paramLabel = "MS",
            description = "Delay between two reads of the job, in milliseconds (default ${DEFAULT-VALUE})")
    long intervalMs;

    @Override
    public Integer call() throws InterruptedException {
        if (intervalMs < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval-ms must be at least 10, got " + intervalMs);
        }
        ApiClient client = root.client();
        Output output = root.output(spec);
        String previous = null;
        while (true) {
            JsonNode job = client.get("/jobs/" + id);
            String line = JobText.progress(job);
            if (!line.equals(previous)) {
                if (output.json()) {
                    output.printJson(job);
                } else {
                    output.out().println(job.path("completedAt").isNull() ? line : line + "  at=" + job.path("completedAt").asString());
                    output.out().flush();
                }
                previous = line;
            }
            switch (job.path("status").asString()) {
                case "completed":
                    return ExitCodes.OK;
                case "failed", "cancelled":
                    return ExitCodes.JOB_FAILED_OR_REJECTED;
                default:
                    Thread.sleep(intervalMs);
            }
        }
    }
}
