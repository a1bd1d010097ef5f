package dev.jobs.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the example programs under {@code examples/} as a subprocess. Under {@code CI=true} a missing runtime
 * or library fails the test, because CI installs them; elsewhere the test is skipped with the reason.
 */
final class ExampleProgram {

    static final Path EXAMPLES = Path.of("..", "examples");

    private ExampleProgram() {
    }

    /** The outcome of one run; stdout and stderr are kept apart, because stdout carries the event. */
    record Run(int exitStatus, List<String> stdout, String stderr) {

        String lastStdoutLine() {
            return stdout.isEmpty() ? "" : stdout.getLast();
        }
    }

    /** Returns the command of the Node example: {@code node} with the example's {@code amqplib} installed by {@code npm ci} in {@code examples/node}. */
    static List<String> nodeCommand() {
        Path script = EXAMPLES.resolve("node").resolve("monitor-training.mjs");
        require(commandWorks(List.of("node", "--version")), "node is not on the PATH: install Node.js 18 or newer");
        require(Files.isDirectory(EXAMPLES.resolve("node").resolve("node_modules").resolve("amqplib")),
                "amqplib is not installed: run npm ci in examples/node");
        return List.of("node", script.toString());
    }

    /**
     * Returns the command of the Python example, run by the first Python 3 that can import pika. Debian's {@code python3-pika} installs into {@code /usr/bin/python3},
     * which may differ from the {@code python3} first on the PATH (for example a pyenv build).
     */
    static List<String> pythonCommand() {
        Path script = EXAMPLES.resolve("python").resolve("monitor_training.py");
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("JOB_EXAMPLES_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String python : candidates) {
            if (commandWorks(List.of(python, "-c", "import pika"))) {
                return List.of(python, script.toString());
            }
        }
        require(false, "no Python 3 with pika found among " + candidates
                + ": install python3-pika (Debian) or pip install pika, or set JOB_EXAMPLES_PYTHON");
        throw new AssertionError("unreachable");
    }

    /** Runs the command with the given arguments, waiting at most {@code limit}; a run over the limit is killed. */
    static Run run(List<String> command, List<String> arguments, Duration limit, String logName)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        Path stdout = Path.of("target", logName + ".out");
        Path stderr = Path.of("target", logName + ".err");
        Process process = new ProcessBuilder(full)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", full) + " did not exit within " + limit + "; stderr:\n"
                    + Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readAllLines(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static void require(boolean condition, String reason) {
        if ("true".equals(System.getenv("CI"))) {
            if (!condition) {
                throw new AssertionError(reason + " (CI=true, so this fails instead of skipping)");
            }
        } else {
            Assumptions.assumeTrue(condition, reason);
        }
    }

    private static boolean commandWorks(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
