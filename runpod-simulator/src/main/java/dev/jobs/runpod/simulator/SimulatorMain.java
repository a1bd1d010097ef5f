package dev.jobs.runpod.simulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulator as a standalone process until it receives SIGTERM or SIGINT.
 *
 * <p>Besides the variables read by {@link SimulatorSettings#fromEnvironment}, {@code SIMULATOR_BIND_ADDRESS}
 * sets the IP address to listen on: {@code 127.0.0.1} by default, or {@code 0.0.0.0} to accept connections from
 * other hosts, as inside a container.
 */
public final class SimulatorMain {

    private static final Logger log = LoggerFactory.getLogger(SimulatorMain.class);
    private static final String BIND_ADDRESS_VARIABLE = "SIMULATOR_BIND_ADDRESS";

    private SimulatorMain() {
    }

    /** Starts the simulator from the environment and blocks until the JVM shuts down. */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        SimulatorSettings settings;
        InetAddress bindAddress;
        try {
            settings = SimulatorSettings.fromEnvironment(env);
            bindAddress = readBindAddress(env);
        } catch (IllegalArgumentException e) {
            log.error("Cannot start the RunPod simulator: {}", e.getMessage());
            System.exit(2);
            return;
        }

        RunPodSimulator simulator = RunPodSimulator.start(settings, bindAddress);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        log.info("Seed {}, result retention {} ms; stop with SIGTERM or SIGINT",
                settings.seed(), settings.resultRetention().toMillis());
        stopped.await();
    }

    private static InetAddress readBindAddress(Map<String, String> env) {
        String value = env.get(BIND_ADDRESS_VARIABLE);
        if (value == null || value.isBlank()) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            // Only IP literals are accepted, so that no DNS lookup happens at startup.
            if (!value.strip().matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new UnknownHostException(value);
            }
            return InetAddress.getByName(value.strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid " + BIND_ADDRESS_VARIABLE + " '" + value
                    + "': expected an IP address such as 127.0.0.1 or 0.0.0.0", e);
        }
    }
}
