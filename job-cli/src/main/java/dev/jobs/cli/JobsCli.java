package dev.jobs.cli;

import dev.jobs.cli.commands.CancelCommand;
import dev.jobs.cli.commands.GetCommand;
import dev.jobs.cli.commands.ListCommand;
import dev.jobs.cli.commands.QueuesCommand;
import dev.jobs.cli.commands.RedriveCommand;
import dev.jobs.cli.commands.RetryCommand;
import dev.jobs.cli.commands.SubmitCommand;
import dev.jobs.cli.commands.WatchCommand;
import dev.jobs.cli.http.ApiClient;
import dev.jobs.cli.output.Output;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;

/**
 * {@code jobs}: the operator's command line. It talks to the producer service over HTTP, except {@code redrive},
 * which moves parked messages over AMQP. Exit codes are in {@link ExitCodes}.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "jobs 0.1.0",
        description = "Submit, inspect, list, cancel, retry and watch background jobs.",
        subcommands = {SubmitCommand.class, GetCommand.class, ListCommand.class, CancelCommand.class, RetryCommand.class,
                QueuesCommand.class, WatchCommand.class, RedriveCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:watched job failed or was cancelled, or the service rejected the operation (409)",
                "2:invalid usage or input", "3:job not found", "4:service unreachable or server error"})
public final class JobsCli {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT, defaultValue = "${env:JOB_API_URL:-http://127.0.0.1:8080}",
            description = "Base URL of the producer service (env JOB_API_URL, default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--api-key", paramLabel = "KEY", scope = ScopeType.INHERIT, defaultValue = "${env:JOB_API_KEY}",
            description = "API key sent as a bearer token (env JOB_API_KEY)")
    String apiKey;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the service's JSON instead of tables")
    boolean json;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Builds the command line with its exit-code mapping, printing to standard output and error. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Builds the command line printing to the given writers, so tests can run it in-process and read its output. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new JobsCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine;
    }

    public ApiClient client() {
        boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!http || url.getHost() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url " + url + " is not an http:// or"
                    + " https:// URL with a host: pass one such as http://127.0.0.1:8080");
        }
        return new ApiClient(url, apiKey);
    }

    public Output output(CommandLine.Model.CommandSpec command) {
        return new Output(command.commandLine().getOut(), json);
    }
}
