package dev.jobs.demo;

import dev.jobs.api.config.ConnectionSettings;
import dev.jobs.api.config.InvalidSettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code ./jobs demo}. Exit codes: 0 when every job ended as planned with exactly one callback,
 * 1 when one did not or the run failed, 2 for invalid options or settings.
 */
public final class DemoMain {

    private static final Logger log = LoggerFactory.getLogger(DemoMain.class);

    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        DemoOptions options;
        ConnectionSettings connections;
        try {
            options = DemoOptions.parse(args);
            connections = ConnectionSettings.fromEnvironment(System::getenv);
        } catch (DemoOptions.InvalidOptionException | InvalidSettingsException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (options.help()) {
            System.out.print(DemoOptions.usage());
            return 0;
        }

        DemoRun demo = new DemoRun(options, connections, System.out);
        // Ctrl-C or SIGTERM must not leave four JVMs and a set of queues behind.
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-cleanup"));
        try {
            return demo.run();
        } catch (ServiceProcesses.StartupFailedException | IllegalStateException e) {
            System.err.println("Demo failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("Demo interrupted");
            return 1;
        } catch (Exception e) {
            log.error("Demo failed", e);
            return 1;
        } finally {
            demo.close();
        }
    }
}
