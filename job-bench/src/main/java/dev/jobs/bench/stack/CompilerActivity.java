package dev.jobs.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU used by the JIT compiler threads of this JVM and of the workers. A JVM compiles its hot paths during its first
 * tens of seconds under load (about 45 s in W2 on a 2-core machine). On two shared cores the compilers then take as
 * much CPU as the work does, so latencies measured meanwhile describe a process starting up, not one that has been
 * running for hours.
 */
public final class CompilerActivity {

    private final List<Long> pids;
    private double lastSeconds;
    private long lastNanos;

    public CompilerActivity(WorkerProcesses workers) {
        this.pids = new ArrayList<>(workers.pids());
        this.pids.add(ProcessHandle.current().pid());
        this.lastSeconds = seconds();
        this.lastNanos = System.nanoTime();
    }

    /** CPU seconds used so far by the compiler threads alive now, summed over the processes. */
    public double seconds() {
        return pids.stream().mapToDouble(CompilerActivity::compilerSeconds).sum();
    }

    /** Cores the compilers kept busy on average since the previous call (or since construction). */
    public double coresSinceLastCall() {
        double seconds = seconds();
        long nanos = System.nanoTime();
        double cores = (seconds - lastSeconds) / Math.max(1e-9, (nanos - lastNanos) / 1e9);
        lastSeconds = seconds;
        lastNanos = nanos;
        return cores;
    }

    /** Threads of HotSpot's compilers are named {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}. */
    private static double compilerSeconds(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            double seconds = 0;
            for (Path task : tasks.toList()) {
                seconds += ProcessCpu.threadSecondsIfNamed(task, "C1 Compiler", "C2 Compiler");
            }
            return seconds;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the threads of process " + pid + " failed", e);
        }
    }
}
