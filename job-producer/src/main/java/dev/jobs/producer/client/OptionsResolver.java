package dev.jobs.producer.client;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.JobOptions;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.types.StorableText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Checks per-job options against their allowed ranges and fills the unset ones from the defaults. */
final class OptionsResolver {

    record Resolved(int retryAttempts, Duration retryDelay, Duration timeout, Duration pollInterval, String idempotencyKey,
                    Instant runAt) {
    }

    /** Latest start of a scheduled job; RabbitMQ caps a queue's message TTL at about 49 days. */
    static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(45);

    private final JobSettings defaults;
    private final Clock clock;

    OptionsResolver(JobSettings defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
    }

    /** @throws InvalidJobException naming the option, its value and its range */
    Resolved resolve(JobOptions options) {
        JobOptions given = options == null ? JobOptions.defaults() : options;
        int retryAttempts = given.retryAttempts() == null ? defaults.retryAttempts()
                : JobSettings.retryAttemptsOption("options.retryAttempts", given.retryAttempts());
        Duration retryDelay = within("options.retryDelayMs", given.retryDelay(), defaults.retryDelay(), Duration.ZERO,
                JobSettings.MAX_RETRY_DELAY);
        Duration timeout = within("options.timeoutMs", given.timeout(), defaults.timeout(), JobSettings.MIN_TIMEOUT,
                JobSettings.MAX_TIMEOUT);
        Duration pollInterval = within("options.pollIntervalMs", given.pollInterval(), defaults.pollInterval(),
                JobSettings.MIN_POLL_INTERVAL, JobSettings.MAX_POLL_INTERVAL);
        String key = given.idempotencyKey();
        StorableText.check("options.idempotencyKey", key);
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw new InvalidJobException("options.idempotencyKey", "options.idempotencyKey must be 1 to 200 characters");
        }
        Instant runAt = given.runAt();
        if (runAt != null && runAt.isBefore(Instant.EPOCH)) {
            throw new InvalidJobException("options.runAt", "options.runAt is " + runAt
                    + ": use 1970-01-01T00:00:00Z or later, or leave it out to run the job at once");
        }
        if (runAt != null && runAt.isAfter(clock.instant().plus(MAX_SCHEDULE_AHEAD))) {
            throw new InvalidJobException("options.runAt", "options.runAt is " + runAt + ": schedule at most "
                    + MAX_SCHEDULE_AHEAD.toDays() + " days ahead");
        }
        return new Resolved(retryAttempts, retryDelay, timeout, pollInterval, key, runAt);
    }

    private static Duration within(String field, Duration value, Duration fallback, Duration min, Duration max) {
        Duration chosen = value == null ? fallback : value;
        if (chosen.compareTo(min) < 0 || chosen.compareTo(max) > 0) {
            throw new InvalidJobException(field, field + " is " + chosen.toMillis() + ": allowed " + min.toMillis()
                    + " to " + max.toMillis());
        }
        return chosen;
    }
}
