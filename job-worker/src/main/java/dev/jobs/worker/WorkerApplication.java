package dev.jobs.worker;

import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.worker.config.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import dev.jobs.messaging.logging.LogFormat;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Starts a worker. All settings come from environment variables; see the README's configuration table. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(dev.jobs.worker.config.WorkerConfiguration.class)
public class WorkerApplication {

    private static final Logger log = LoggerFactory.getLogger(WorkerApplication.class);

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("redrive")) {
            System.exit(RedriveCommand.run(args));
            return;
        }
        WorkerSettings settings;
        try {
            settings = WorkerSettings.fromEnvironment(System::getenv);
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        log.info("Worker starting: prefix {}, retries {} from {} ms, timeout {} ms, poll interval {} ms, RunPod at {}",
                settings.jobs().prefix(), settings.jobs().retryAttempts(), settings.jobs().retryDelay().toMillis(),
                settings.jobs().timeout().toMillis(), settings.jobs().pollInterval().toMillis(), settings.runpod().baseUrl());
        // The handler is in place before the context starts: consumers may take deliveries before start returns.
        CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
        exitZeroOnTerm(started);
        try {
            started.complete(start(Map.of(), args));
        } catch (RuntimeException e) {
            // Spring has logged why; exit now rather than wait for the broker client's non-daemon threads.
            System.exit(1);
        }
    }

    /**
     * On SIGTERM, waits for the start to finish, closes the context (consumers stop taking deliveries and finish or
     * return the ones they hold within {@code JOB_SHUTDOWN_GRACE_MS}) and exits 0, so orchestrators see a clean stop
     * rather than status 143. A start that fails exits 1 on its own.
     */
    private static void exitZeroOnTerm(CompletableFuture<ConfigurableApplicationContext> started) {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
            log.info("SIGTERM received, stopping the worker");
            started.join().close();
            log.info("Worker stopped");
            System.exit(0);
        });
    }

    /**
     * Starts a worker in this JVM. Properties named like the environment variables ({@code JOB_PREFIX},
     * {@code JOB_DATABASE_URL}, …) override the environment, which lets tests run several isolated workers.
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties, String... args) {
        return start(properties, new Class<?>[0], args);
    }

    /** Starts a worker with extra configuration classes, for example ones that add {@code JobHandler} beans. */
    public static ConfigurableApplicationContext start(Map<String, Object> properties, Class<?>[] configurations,
                                                       String... args) {
        Class<?>[] sources = new Class<?>[configurations.length + 1];
        sources[0] = WorkerApplication.class;
        System.arraycopy(configurations, 0, sources, 1, configurations.length);
        return new SpringApplicationBuilder(sources)
                // A name of its own, so the producer's and the worker's settings never shadow each other when both
                // jars share a classpath, as in the end-to-end tests.
                .properties(LogFormat.withLoggingConfig(Map.of("spring.config.name", "jobs-worker")))
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("overrides", properties)))
                .registerShutdownHook(true)
                .run(args);
    }
}
