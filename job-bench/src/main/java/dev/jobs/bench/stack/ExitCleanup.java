package dev.jobs.bench.stack;

/**
 * Closes a resource when the JVM exits before the bench closed it, as on Ctrl-C or SIGTERM, so an interrupted run
 * leaves no database, queue, exchange or worker process behind.
 */
final class ExitCleanup {

    private ExitCleanup() {
    }

    /** Registers a shutdown hook that closes {@code resource}; pass the returned hook to {@link #unregister}. */
    static Thread register(String name, AutoCloseable resource) {
        Thread hook = new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("Closing " + name + " at exit failed: " + e.getMessage());
            }
        }, "exit-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes the hook at a normal close. While the JVM shuts down, the hook is the caller, so nothing is removed. */
    static void unregister(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and this close runs from the hook itself.
        }
    }
}
