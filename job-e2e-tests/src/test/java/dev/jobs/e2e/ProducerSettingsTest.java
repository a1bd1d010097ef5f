package dev.jobs.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the producer service's main class in a process of its own with bad settings. */
class ProducerSettingsTest {

    @Test
    void startListsEveryInvalidSetting() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.jobs.producer.service.ProducerApplication");
        builder.environment().put("JOB_HTTP_PORT", "abc");
        builder.environment().put("JOB_STATISTICS_INTERVAL_MS", "1");
        builder.environment().put("JOB_RETRY_ATTEMPTS", "-1");
        builder.redirectErrorStream(true);
        Process process = builder.start();

        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as("producer exited").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("JOB_HTTP_PORT").contains("abc")
                .contains("JOB_STATISTICS_INTERVAL_MS").contains("JOB_RETRY_ATTEMPTS");
    }
}
