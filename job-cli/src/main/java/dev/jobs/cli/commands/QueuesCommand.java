package dev.jobs.cli.commands;

import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import dev.jobs.cli.output.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.Callable;

/** {@code jobs queues}: the backlog of every job type. */
@Command(name = "queues", description = "Show ready, delayed, pending, running and overdue jobs per type, and parked messages.")
public final class QueuesCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode report = root.client().get("/queues");
        root.output(spec).print(report, human(report));
        return ExitCodes.OK;
    }

    private static String human(JsonNode report) {
        Table table = new Table("TYPE", "READY", "DELAYED", "PENDING", "SCHEDULED", "OLDEST PENDING (s)", "RUNNING", "OVERDUE");
        for (JsonNode type : report.path("types")) {
            table.row(type.path("type").asString(), number(type.path("ready")), type.path("delayed").asLong(),
                    type.path("pending").asLong(), type.path("scheduled").asLong(), number(type.path("oldestPendingAgeSeconds")),
                    type.path("running").asLong(), type.path("overdue").asLong());
        }
        StringBuilder text = new StringBuilder(table.render());
        JsonNode parked = report.path("parked");
        text.append("\nParked in ").append(parked.path("queue").asString()).append(": ")
                .append(number(parked.path("messages")) == null ? "unknown" : number(parked.path("messages")));
        text.append("\nREADY excludes unacked deliveries, which only the RabbitMQ management API reports.");
        if (report.hasNonNull("brokerError")) {
            text.append("\nBroker figures missing: ").append(report.get("brokerError").asString());
        }
        return text.toString();
    }

    private static Long number(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }
}
