package dev.jobs.worker.runpod;

/** RunPod returned 404 for a job: it never existed, its result expired, or its ttl passed. */
public class RunPodJobNotFoundException extends RuntimeException {

    public RunPodJobNotFoundException(String message) {
        super(message);
    }
}
