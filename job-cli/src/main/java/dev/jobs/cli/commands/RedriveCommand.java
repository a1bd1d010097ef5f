package dev.jobs.cli.commands;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.topology.Topology;
import dev.jobs.cli.ExitCodes;
import dev.jobs.cli.JobsCli;
import dev.jobs.cli.http.ServiceUnreachableException;
import dev.jobs.messaging.parking.Redrive;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.net.URI;
import java.util.concurrent.Callable;

/**
 * {@code jobs redrive}: moves parked messages back to their work queues over AMQP. Unlike the other commands it
 * does not go through the producer service, because the parking queue is only on the broker.
 */
@Command(name = "redrive", description = "Move parked messages of the prefix back to their job queues.")
public final class RedriveCommand implements Callable<Integer> {

    @ParentCommand
    JobsCli root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", defaultValue = "1000", description = "Maximum number of messages to move, at least 1 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--amqp-uri", defaultValue = "${env:JOB_AMQP_URI:-amqp://guest:guest@127.0.0.1:5672}",
            description = "Broker URI (env JOB_AMQP_URI)")
    String amqpUri;

    @Option(names = "--prefix", defaultValue = "${env:JOB_PREFIX:-jobs}",
            description = "Prefix of the exchanges and queues (env JOB_PREFIX, default ${DEFAULT-VALUE})")
    String prefix;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        Topology topology;
        try {
            topology = new Topology(prefix);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(amqpUri));
        try {
            Redrive.Result result = run(factory, topology);
            var body = MessageCodec.mapper().createObjectNode()
                    .put("queue", topology.deadQueue())
                    .put("redriven", result.redriven())
                    .put("leftParked", result.leftParked());
            root.output(spec).print(body, "Re-drove " + result.redriven() + " message(s) from " + topology.deadQueue() + "; "
                    + result.leftParked() + " left parked because they name no job type");
            return ExitCodes.OK;
        } finally {
            factory.destroy();
        }
    }

    private Redrive.Result run(CachingConnectionFactory factory, Topology topology) {
        try {
            return new Redrive(new ConfirmedPublisher(factory), topology).run(limit);
        } catch (AmqpConnectException e) {
            throw new ServiceUnreachableException("Cannot reach the broker at " + ConnectionSettings.withoutCredentials(amqpUri)
                    + ": start RabbitMQ, or pass --amqp-uri or set JOB_AMQP_URI", e);
        }
    }
}
