package dev.jobs.worker.handler;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The handlers of this worker, by job type. */
public final class HandlerRegistry {

    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();

    public HandlerRegistry(Collection<JobHandler> jobHandlers) {
        for (JobHandler handler : jobHandlers) {
            JobHandler previous = handlers.put(handler.type(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two handlers registered for job type '" + handler.type() + "': "
                        + previous.getClass().getName() + " and " + handler.getClass().getName() + "; keep one");
            }
        }
    }

    public Optional<JobHandler> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    public Set<String> types() {
        return handlers.keySet();
    }
}
