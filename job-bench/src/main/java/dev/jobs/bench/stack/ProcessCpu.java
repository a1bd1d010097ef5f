package dev.jobs.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of local processes, read from {@code /proc/<pid>/stat}. On a machine where the benchmark, the workers,
 * RabbitMQ and PostgreSQL share the cores, CPU time per job shows what a change saved more steadily than a rate does.
 */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times, as {@code getconf CLK_TCK} prints it. */
    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcessCpu() {
    }

    /** Returns the user plus system CPU time of one process so far, in seconds. */
    public static double seconds(long pid) {
        return stat(pid).ownTicks() / TICKS_PER_SECOND;
    }

    /**
     * Returns the CPU time so far of every process named {@code command}, in seconds: their own time, plus the time
     * of exited children that a process of another name reaped. For PostgreSQL this counts the live backends and the
     * backends that already exited, which the postmaster reaped.
     */
    public static double secondsOfCommand(String command) {
        Map<Long, Stat> stats = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        stats.put(Long.parseLong(name), stat(Long.parseLong(name)));
                    } catch (UncheckedIOException exited) {
                        // The process exited between the listing and the read.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long ticks = 0;
        for (Stat stat : stats.values()) {
            if (!stat.command().equals(command)) {
                continue;
            }
            ticks += stat.ownTicks();
            Stat parent = stats.get(stat.parent());
            if (parent == null || !parent.command().equals(command)) {
                ticks += stat.childTicks();
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * Returns the user plus system CPU time in seconds of the thread at {@code task} ({@code /proc/<pid>/task/<tid>})
     * when its name starts with one of {@code prefixes}, otherwise 0, also when the thread has exited meanwhile.
     */
    static double threadSecondsIfNamed(Path task, String... prefixes) {
        String text;
        try {
            text = Files.readString(task.resolve("stat"));
        } catch (IOException exited) {
            return 0;
        }
        Stat stat = parse(text);
        for (String prefix : prefixes) {
            if (stat.command().startsWith(prefix)) {
                return stat.ownTicks() / TICKS_PER_SECOND;
            }
        }
        return 0;
    }

    private static double clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String output = new String(getconf.getInputStream().readAllBytes()).trim();
            if (getconf.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + output);
            }
            return Double.parseDouble(output);
        } catch (IOException e) {
            throw new UncheckedIOException("getconf CLK_TCK failed to start: install getconf (package libc-bin)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running getconf CLK_TCK", e);
        }
    }

    private record Stat(String command, long parent, long ownTicks, long childTicks) {
    }

    private static Stat stat(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(text);
    }

    private static Stat parse(String text) {
        // The command name in brackets may contain spaces, so the fields are split after it. They start with the
        // state (field 3), so the parent (field 4) is at index 1. The own times utime and stime (fields 14 and 15)
        // are at indexes 11 and 12, and the reaped children's cutime and cstime (fields 16 and 17) at 13 and 14.
        String command = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
        List<String> fields = List.of(text.substring(text.lastIndexOf(')') + 2).split(" "));
        return new Stat(command, Long.parseLong(fields.get(1)),
                Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12)),
                Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14)));
    }
}
