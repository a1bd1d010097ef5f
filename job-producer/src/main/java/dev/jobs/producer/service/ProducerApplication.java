package dev.jobs.producer.service;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.InvalidSettingsException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.messaging.logging.ServiceSettings;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import dev.jobs.messaging.logging.LogFormat;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the producer's HTTP service on {@code JOB_HTTP_PORT} (default 8080). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ProducerConfiguration.class, RequestFilterConfiguration.class, JobController.class, JobListController.class,
        JobActionController.class, QueueController.class, OpenApiController.class, ProblemDetailsAdvice.class})
public class ProducerApplication {

    public static void main(String[] args) {
        List<String> violations = new ArrayList<>();
        collect(violations, () -> JobSettings.fromEnvironment(System::getenv));
        collect(violations, () -> ConnectionSettings.fromEnvironment(System::getenv));
        collect(violations, () -> ServiceSettings.check(System::getenv, "JOB_HTTP_PORT", 8080));
        collect(violations, () -> ApiKeys.parse(System.getenv("JOB_API_KEYS")));
        collect(violations, () -> ProducerConfiguration.statisticsInterval(System::getenv));
        if (!violations.isEmpty()) {
            System.err.println(new InvalidSettingsException(violations).getMessage());
            System.exit(2);
            return;
        }
        try {
            start(Map.of(), args);
        } catch (RuntimeException e) {
            // Spring has logged why; exit now rather than wait for the broker client's non-daemon threads.
            System.exit(1);
        }
    }

    /** Runs one settings check and adds what it finds wrong, so one start reports every bad setting. */
    private static void collect(List<String> violations, Runnable check) {
        try {
            check.run();
        } catch (InvalidSettingsException e) {
            violations.addAll(e.violations());
        }
    }

    /** Starts the service in this JVM; properties named like the environment variables override it. */
    public static ConfigurableApplicationContext start(Map<String, Object> properties, String... args) {
        return new SpringApplicationBuilder(ProducerApplication.class)
                // A name of its own, so the producer's and the worker's settings never shadow each other when both
                // jars share a classpath, as in the end-to-end tests.
                .properties(LogFormat.withLoggingConfig(Map.of("spring.config.name", "jobs-producer")))
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("overrides", properties)))
                .run(args);
    }
}
