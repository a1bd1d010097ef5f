package dev.jobs.worker.handler;

/**
 * Runs one job type. A handler is called on a consumer thread with a delivery held unacknowledged, so it must
 * return within minutes: work that waits on something external returns {@link HandlerOutcome.CheckAgain} instead
 * of blocking, and the job comes back through a delay queue.
 *
 * <p>Throwing {@link PermanentJobException} fails the job at once; any other exception is retried with
 * backoff until the job's attempts are used up.
 */
public interface JobHandler {

    /** The job type this handler runs; also the routing key and part of the queue name. */
    String type();

    HandlerOutcome handle(JobContext context) throws Exception;

    /**
     * Called once when the job outlived its timeout, before it is failed; for example to cancel remote work.
     *
     * @return a note added to the timeout error, such as the remote side's response to a cancel, or {@code null}
     */
    default String onTimeout(JobContext context) {
        return null;
    }

    /**
     * Called after the job was cancelled through the API, when its next message reaches a worker; for example to
     * cancel remote work. May be called more than once for one job, so it must be idempotent.
     */
    default void onCancel(JobContext context) {
    }
}
