package dev.jobs.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol page shows the example programs in full, so the code a reader pastes is the code CI runs. */
class ProtocolDocumentTest {

    private static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");

    @Test
    void protocolPageContainsNodeExample() throws Exception {
        String example = Files.readString(ExampleProgram.EXAMPLES.resolve("node").resolve("monitor-training.mjs"));

        assertThat(Files.readString(PROTOCOL)).as("docs/protocol.md").contains(example);
    }

    @Test
    void protocolPageContainsPythonExample() throws Exception {
        String example = Files.readString(ExampleProgram.EXAMPLES.resolve("python").resolve("monitor_training.py"));

        assertThat(Files.readString(PROTOCOL)).as("docs/protocol.md").contains(example);
    }
}
