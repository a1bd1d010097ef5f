package dev.jobs.e2e;

import dev.jobs.api.JobStatus;
import dev.jobs.api.message.JobEvent;
import dev.jobs.api.message.MessageCodec;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.producer.client.JobView;
import dev.jobs.runpod.simulator.Scenario;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node and Python examples publish a job straight to the work exchange, with no database access, and wait for
 * its completion event on their own queue. The worker stores the job's row and runs it like any other.
 */
class ForeignLanguageClientsTest {

    private static final Duration PROGRAM_LIMIT = Duration.ofSeconds(60);

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = TestStack.withWorker();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void nodeExampleReceivesCompletedEvent() throws Exception {
        assertRoundTrip(ExampleProgram.nodeCommand(), "node");
    }

    @Test
    void pythonExampleReceivesCompletedEvent() throws Exception {
        assertRoundTrip(ExampleProgram.pythonCommand(), "python");
    }

    private static void assertRoundTrip(List<String> command, String language) throws Exception {
        ObjectNode output = MessageCodec.mapper().createObjectNode().put("modelUri", "s3://models/" + language);
        String runpodJobId = stack.simulator.createJob(TestStack.ENDPOINT,
                Scenario.completes(Duration.ofMillis(200), Duration.ofMillis(800), output));

        ExampleProgram.Run run = ExampleProgram.run(command, List.of(
                "--prefix", stack.prefix,
                "--amqp-uri", TestServices.amqpUri(),
                "--runpod-job-id", runpodJobId,
                "--endpoint-id", TestStack.ENDPOINT,
                "--timeout-ms", "45000"), PROGRAM_LIMIT, "example-" + language);

        assertThat(run.exitStatus()).as("%s exit status; stderr:%n%s", language, run.stderr()).isZero();
        JobEvent event = MessageCodec.readEvent(run.lastStdoutLine().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(event.jobStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(event.type()).isEqualTo(MonitorTrainingPayload.TYPE);
        assertThat(event.error()).isNull();
        assertThat(event.result().get("output")).isEqualTo(output);
        assertThat(event.eventId()).isEqualTo(JobEvent.eventIdOf(event.jobId(), JobStatus.COMPLETED, 1));
        JobView job = stack.manager.get(event.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.runpodJobId()).isEqualTo(runpodJobId);
        assertThat(job.result()).isEqualTo(event.result());
    }
}
