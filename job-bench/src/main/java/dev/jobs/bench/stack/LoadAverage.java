package dev.jobs.bench.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, printed beside every figure because other users share the cores. */
public final class LoadAverage {

    private LoadAverage() {
    }

    /** Returns the first line of {@code /proc/loadavg}: the 1, 5 and 15 minute averages and the task counts. */
    public static String read() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
