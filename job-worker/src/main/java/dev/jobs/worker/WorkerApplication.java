package dev.jobs.worker;

import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.worker.config.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/** Starts a worker. All settings come from environment variables; see the README's configuration table. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(dev.jobs.worker.config.WorkerConfiguration.class)
public class WorkerApplication {

    private static final Logger log = LoggerFactory.getLogger(WorkerApplication.class);

    public static void main(String[] args) {
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
        start(Map.of(), args);
    }

    /**
     * Starts a worker in this JVM. Properties named like the environment variables ({@code JOB_PREFIX},
     * {@code JOB_DATABASE_URL}, …) override the environment, which lets tests run several isolated workers.
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties, String... args) {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("overrides", properties)))
                .registerShutdownHook(true)
                .run(args);
    }
}
