package dev.jobs.api.topology;

import dev.jobs.api.JobStatus;
import dev.jobs.api.config.JobSettings;

import java.time.Duration;

/**
 * Every AMQP name the system uses, derived from one prefix so several deployments or test runs
 * share a broker without meeting.
 *
 * <ul>
 *   <li>{@code <prefix>}: the work exchange (topic), routing key = job type</li>
 *   <li>{@code <prefix>.<type>}: one quorum queue per job type</li>
 *   <li>{@code <prefix>.delay}: headers exchange in front of the delay queues</li>
 *   <li>{@code <prefix>.delay.<ms>}: a delay queue whose messages expire back to the work exchange</li>
 *   <li>{@code <prefix>.events}: the events exchange (topic), routing key {@code job.<type>.<status>}</li>
 *   <li>{@code <prefix>.dead}: the parking queue for messages that cannot be handled</li>
 * </ul>
 */
public record Topology(String prefix) {

    /** Header on a delayed message that selects its delay queue through the delay exchange. It has no {@code x-} prefix because headers exchanges ignore such headers when matching. */
    public static final String DELAY_HEADER = "job-delay-ms";

    public Topology {
        if (prefix == null || !prefix.matches(JobSettings.PREFIX_PATTERN)) {
            throw new IllegalArgumentException("Invalid name prefix '" + prefix
                    + "': use 1 to 60 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
    }

    public String workExchange() {
        return prefix;
    }

    public String workQueue(String type) {
        return prefix + "." + type;
    }

    public String delayExchange() {
        return prefix + ".delay";
    }

    public String delayQueue(Duration delay) {
        return prefix + ".delay." + delay.toMillis();
    }

    public String eventsExchange() {
        return prefix + ".events";
    }

    public String deadQueue() {
        return prefix + ".dead";
    }

    public static String eventRoutingKey(String type, JobStatus status) {
        return "job." + type + "." + status.wireName();
    }
}
