package dev.jobs.api.types;

/**
 * A job type: its name, which is also the routing key and part of the queue name, and its payload rule.
 *
 * @param name      1 to 100 lower-case letters, digits, '-' or '_'; no dots, because dots separate the
 *                  words of the event routing key {@code job.<type>.<status>}
 * @param validator the payload rule
 */
public record JobType(String name, PayloadValidator validator) {

    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,99}";

    public JobType {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("Invalid job type name '" + name
                    + "': use 1 to 100 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    public static JobType of(String name) {
        return new JobType(name, PayloadValidator.anyObject());
    }
}
