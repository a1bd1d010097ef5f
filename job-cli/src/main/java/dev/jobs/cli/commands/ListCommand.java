package dev.jobs.cli.commands;

import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import dev.jobs.cli.output.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** {@code jobs list}: one page of jobs, newest first, with the cursor of the next page. */
@Command(name = "list", description = "List jobs, newest first, one page at a time.")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--status", description = "Only jobs in this status: pending, running, completed, failed or cancelled")
    String status;

    @Option(names = "--type", description = "Only jobs of this type")
    String type;

    @Option(names = "--created-after", paramLabel = "TIME", description = "Only jobs created after this ISO-8601 UTC time")
    Instant createdAfter;

    @Option(names = "--created-before", paramLabel = "TIME", description = "Only jobs created before this ISO-8601 UTC time")
    Instant createdBefore;

    @Option(names = "--limit", defaultValue = "50", description = "Jobs per page, 1 to 500 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "The cursor printed after the previous page")
    String after;

    @Override
    public Integer call() {
        StringJoiner query = new StringJoiner("&", "/jobs?", "");
        query.add("limit=" + limit);
        add(query, "status", status);
        add(query, "type", type);
        add(query, "createdAfter", createdAfter == null ? null : createdAfter.toString());
        add(query, "createdBefore", createdBefore == null ? null : createdBefore.toString());
        add(query, "after", after);
        JsonNode page = root.client().get(query.toString());
        root.output(spec).print(page, human(page));
        return ExitCodes.OK;
    }

    private static String human(JsonNode page) {
        Table table = new Table("ID", "TYPE", "STATUS", "CREATED", "RUN", "CHECKS", "RUNPOD");
        for (JsonNode job : page.path("items")) {
            table.row(job.path("id").asString(), job.path("type").asString(), job.path("status").asString(),
                    job.path("createdAt").asString(), job.path("run").asInt(), job.path("checks").asInt(),
                    job.path("runpodStatus").isNull() ? null : job.path("runpodStatus").asString());
        }
        String text = table.render();
        if (page.hasNonNull("next")) {
            text += "\nMore jobs: add --after " + page.get("next").asString();
        }
        return text;
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
