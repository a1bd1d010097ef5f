package dev.jobs.cli;

import dev.jobs.api.topology.Topology;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.producer.service.ProducerApplication;
import dev.jobs.store.JobStore;
import dev.jobs.testing.BrokerCleanup;
import dev.jobs.testing.TestServices;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer service on a free port, on this run's database and a prefix of its own, for CLI tests. No worker
 * runs: tests move jobs through their states with the store. Closing it deletes the prefix's exchanges and queues.
 */
final class ServiceFixture implements AutoCloseable {

    /** What one in-process run of the CLI returned and printed. */
    record Run(int exitCode, String out, String err) {
    }

    final String prefix = TestServices.newPrefix();
    final Topology topology = new Topology(prefix);
    final ConfigurableApplicationContext context;
    final String url;
    final JobStore store;

    ServiceFixture(Map<String, Object> extraProperties) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "JOB_PREFIX", prefix,
                "JOB_DATABASE_URL", TestServices.databaseUrl(),
                "JOB_DATABASE_USER", TestServices.databaseUser(),
                "JOB_DATABASE_PASSWORD", TestServices.databasePassword(),
                "JOB_AMQP_URI", TestServices.amqpUri(),
                "server.port", "0"));
        properties.putAll(extraProperties);
        context = ProducerApplication.start(properties);
        url = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        store = JobStore.migrateAndOpen(TestServices.dataSource());
    }

    /** Runs {@code jobs ARGS --url <this service>} in this JVM. */
    Run cli(String... args) {
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = url;
        return cliWithoutUrl(withUrl);
    }

    static Run cliWithoutUrl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JobsCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        context.close();
        List<String> queues = new ArrayList<>();
        JobTypeRegistry.builtIn().names().forEach(type -> queues.add(topology.workQueue(type)));
        queues.add(topology.deadQueue());
        BrokerCleanup.delete(List.of(topology.workExchange(), topology.delayExchange(), topology.eventsExchange()), queues);
    }
}
