package dev.jobs.worker.handler;

import tools.jackson.databind.JsonNode;

import java.time.Duration;

/** A handler's decision about its job. {@code runpodStatus} is the remote status seen, or {@code null}. */
public sealed interface HandlerOutcome {

    String runpodStatus();

    /** The job succeeded with this result. */
    record Complete(JsonNode result, String runpodStatus) implements HandlerOutcome {
    }

    /** The job failed for good: it is not retried. */
    record Fail(String error, String runpodStatus) implements HandlerOutcome {
    }

    /** The job ended because the remote side cancelled it. */
    record Cancel(String reason, String runpodStatus) implements HandlerOutcome {
    }

    /**
     * The job is still going: check it again after {@code delay}, holding nothing meanwhile.
     *
     * @param progress what the remote job reported so far, stored with the job; {@code null} keeps the stored one
     */
    record CheckAgain(Duration delay, String runpodStatus, JsonNode progress) implements HandlerOutcome {
    }

    static HandlerOutcome complete(JsonNode result) {
        return new Complete(result, null);
    }

    static HandlerOutcome fail(String error) {
        return new Fail(error, null);
    }

    static HandlerOutcome checkAgain(Duration delay) {
        return new CheckAgain(delay, null, null);
    }
}
