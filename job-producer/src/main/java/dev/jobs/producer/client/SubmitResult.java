package dev.jobs.producer.client;

/**
 * The job a submit stored or found.
 *
 * @param created   false when an earlier job with the same idempotency key was returned instead
 * @param published false when the broker did not confirm the message yet; the outbox relay publishes it later
 */
public record SubmitResult(JobView job, boolean created, boolean published) {
}
