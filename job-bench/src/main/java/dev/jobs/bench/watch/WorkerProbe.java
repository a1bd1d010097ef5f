package dev.jobs.bench.watch;

import dev.jobs.bench.stack.ProcessCpu;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one worker process from outside: its CPU time from {@code /proc/<pid>/stat}, its heap after a full GC with
 * {@code jcmd}, its resident memory, and its metrics from the actuator on 127.0.0.1.
 */
final class WorkerProbe {

    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
    private static final Pattern HEAP_USED = Pattern.compile("heap.*?used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final long pid;
    private final URI prometheus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WorkerProbe(long pid, int metricsPort) throws IOException, InterruptedException {
        this.pid = pid;
        this.prometheus = URI.create("http://127.0.0.1:" + metricsPort + "/actuator/prometheus");
    }

    long pid() {
        return pid;
    }

    /** Returns the CPU time the process used so far, user plus system, in seconds. */
    double cpuSeconds() {
        return ProcessCpu.seconds(pid);
    }

    /** Runs a full GC in the worker ({@code jcmd GC.run}), then returns the heap it uses, in MiB. */
    double heapAfterGcMib() throws IOException, InterruptedException {
        run(List.of(jcmd(), Long.toString(pid), "GC.run"));
        String info = run(List.of(jcmd(), Long.toString(pid), "GC.heap_info"));
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info of worker " + pid + " printed no heap use: " + info);
        }
        return Long.parseLong(used.group(1)) / 1024.0;
    }

    /** Returns the resident memory of the process, in MiB. */
    double residentMib() throws IOException {
        Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!rss.find()) {
            throw new IllegalStateException("/proc/" + pid + "/status has no VmRSS line");
        }
        return Long.parseLong(rss.group(1)) / 1024.0;
    }

    /** Fetches the worker's Prometheus metrics. */
    PrometheusText scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + prometheus + " returned HTTP " + response.statusCode());
        }
        return PrometheusText.parse(response.body());
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** Runs a command with its output in a temporary file, so a hung command cannot block past the limit. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("jobs-bench-watch-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out after "
                        + COMMAND_LIMIT.toSeconds() + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with status " + process.exitValue()
                        + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
