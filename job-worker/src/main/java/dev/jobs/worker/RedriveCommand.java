package dev.jobs.worker;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.parking.Redrive;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.net.URI;

/** {@code redrive [--limit N]}: moves parked messages of {@code JOB_PREFIX} back to their job queues, then exits. */
final class RedriveCommand {

    private static final int DEFAULT_LIMIT = 1000;

    private RedriveCommand() {
    }

    static int run(String[] args) {
        int limit = DEFAULT_LIMIT;
        if (args.length == 3 && args[1].equals("--limit")) {
            try {
                limit = Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                limit = -1;
            }
        } else if (args.length != 1) {
            limit = -1;
        }
        if (limit < 1) {
            System.err.println("Usage: redrive [--limit N], where N is a whole number of messages above 0 (default "
                    + DEFAULT_LIMIT + ")");
            return 2;
        }
        JobSettings jobs;
        ConnectionSettings connections;
        try {
            jobs = JobSettings.fromEnvironment(System::getenv);
            connections = ConnectionSettings.fromEnvironment(System::getenv);
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(connections.amqpUri()));
        try {
            Redrive.Result result = new Redrive(new ConfirmedPublisher(factory), new Topology(jobs.prefix())).run(limit);
            System.out.println("Re-drove " + result.redriven() + " message(s); " + result.leftParked()
                    + " left parked because they name no job type");
            return 0;
        } finally {
            factory.destroy();
        }
    }
}
