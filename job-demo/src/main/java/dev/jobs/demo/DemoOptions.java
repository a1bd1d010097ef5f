package dev.jobs.demo;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's command-line options.
 *
 * @param jobCount        jobs to run ({@code --jobs}, default 50)
 * @param killWorkerAfter when worker 1 gets SIGKILL, counted from the start of job creation, or {@code null} to
 *                        keep both workers ({@code --kill-worker-after})
 * @param seed            seed of the job mix ({@code --seed})
 * @param root            repository root that contains the built jars ({@code --root}, default the current
 *                        directory)
 * @param help            whether only the usage was requested
 */
record DemoOptions(int jobCount, Duration killWorkerAfter, long seed, Path root, boolean help) {

    static final int DEFAULT_JOB_COUNT = 50;
    static final int MAX_JOB_COUNT = 1_000;
    static final long DEFAULT_SEED = 17;

    /** The user passed an option that cannot be used; the message names it and the fix. */
    static final class InvalidOptionException extends Exception {
        InvalidOptionException(String message) {
            super(message);
        }
    }

    static String usage() {
        return """
                Usage: ./jobs demo [--jobs N] [--kill-worker-after SECONDS] [--seed N] [--root DIR]

                Starts the RunPod simulator, the producer HTTP service and two workers, runs a mix of training
                jobs through them and checks that every job ends as expected with exactly one callback.

                  --jobs N                     jobs to run, 1 to %d (default %d: 40 complete, 7 fail, 3 time out)
                  --kill-worker-after SECONDS  SIGKILL worker 1 this many seconds after job creation starts,
                                               0 to %d; the other worker must take over its jobs
                  --seed N                     seed of the job mix, any 64-bit integer (default %d)
                  --root DIR                   repository root with the built jars (default: current directory)
                  --help                       print this text

                Environment: JOB_DATABASE_URL (default: database jobs_demo on 127.0.0.1:5432, created when
                missing), JOB_DATABASE_USER, JOB_DATABASE_PASSWORD, JOB_AMQP_URI
                (default amqp://guest:guest@127.0.0.1:5672).
                """.formatted(MAX_JOB_COUNT, DEFAULT_JOB_COUNT, DemoRun.DEADLINE.toSeconds() - 1, DEFAULT_SEED);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} forms.
     *
     * @throws InvalidOptionException naming the option, the value and the fix
     */
    static DemoOptions parse(String... args) throws InvalidOptionException {
        int jobCount = DEFAULT_JOB_COUNT;
        Duration killWorkerAfter = null;
        long seed = DEFAULT_SEED;
        Path root = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            String argument = args[i];
            if (argument.equals("--help") || argument.equals("-h")) {
                return new DemoOptions(jobCount, killWorkerAfter, seed, root, true);
            }
            String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            String value;
            if (argument.contains("=")) {
                value = argument.substring(argument.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new InvalidOptionException(isKnown(name)
                        ? "Missing value for " + name + ": write " + name + " VALUE (see --help)"
                        : unknownOption(name));
            }
            switch (name) {
                case "--jobs" -> jobCount = (int) parseLong(name, value, 1, MAX_JOB_COUNT);
                case "--kill-worker-after" -> killWorkerAfter = Duration.ofSeconds(
                        parseLong(name, value, 0, DemoRun.DEADLINE.toSeconds() - 1));
                case "--seed" -> seed = parseLong(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--root" -> root = parseRoot(value);
                default -> throw new InvalidOptionException(unknownOption(name));
            }
        }
        return new DemoOptions(jobCount, killWorkerAfter, seed, root, false);
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--jobs", "--kill-worker-after", "--seed", "--root" -> true;
            default -> false;
        };
    }

    private static String unknownOption(String name) {
        return "Unknown option '" + name + "': use --jobs, --kill-worker-after, --seed or --root (see --help)";
    }

    private static long parseLong(String name, String value, long min, long max) throws InvalidOptionException {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("Invalid " + name + " '" + value + "': use a whole number from " + min
                    + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw new InvalidOptionException("Invalid " + name + " " + parsed + ": use a whole number from " + min
                    + " to " + max);
        }
        return parsed;
    }

    private static Path parseRoot(String value) throws InvalidOptionException {
        Path root;
        try {
            root = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidOptionException("Invalid --root '" + value + "': " + e.getReason());
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidOptionException("Invalid --root '" + value + "': no such directory; pass the repository"
                    + " root that contains runpod-simulator/, job-producer/ and job-worker/");
        }
        return root;
    }
}
