package dev.jobs.worker.builtin;

import dev.jobs.api.types.NoOpPayload;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;

/** Completes a {@value NoOpPayload#TYPE} job at once with its payload, to measure the system without handler work. */
public final class NoOpHandler implements JobHandler {

    @Override
    public String type() {
        return NoOpPayload.TYPE;
    }

    @Override
    public HandlerOutcome handle(JobContext context) {
        return HandlerOutcome.complete(context.payload());
    }
}
