package dev.jobs.worker.runpod;

/** RunPod could not answer now: a network error, a timeout, HTTP 429 or 5xx. Retrying later may succeed. */
public class RunPodUnavailableException extends RuntimeException {

    public RunPodUnavailableException(String message) {
        super(message);
    }

    public RunPodUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
