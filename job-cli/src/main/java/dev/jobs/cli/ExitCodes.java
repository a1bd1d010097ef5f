package dev.jobs.cli;

/** The exit codes of every {@code jobs} command; scripts depend on them, so they never change meaning. */
public final class ExitCodes {

    public static final int OK = 0;
    /** A watched job failed or was cancelled, or the service rejected the operation (409). */
    public static final int JOB_FAILED_OR_REJECTED = 1;
    /** Invalid options or arguments, including input the service rejected with 400 or 401. */
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    /** The service or broker could not be reached, or returned a 5xx status. */
    public static final int UNAVAILABLE = 4;

    private ExitCodes() {
    }
}
