package dev.jobs.worker.consume;

import org.slf4j.MDC;

import java.util.UUID;

/** Puts a job's ids in the logging context while one delivery is handled, and removes them afterwards. */
final class JobLog implements AutoCloseable {

    static final String JOB_ID = "jobId";
    static final String JOB_TYPE = "jobType";
    static final String ATTEMPT = "attempt";
    static final String RUNPOD_JOB_ID = "runpodJobId";

    JobLog(UUID jobId, String type) {
        MDC.put(JOB_ID, jobId.toString());
        MDC.put(JOB_TYPE, type);
    }

    void attempt(int attempt, int maxAttempts) {
        MDC.put(ATTEMPT, attempt + "/" + maxAttempts);
    }

    void runpodJobId(String runpodJobId) {
        if (runpodJobId != null) {
            MDC.put(RUNPOD_JOB_ID, runpodJobId);
        }
    }

    @Override
    public void close() {
        MDC.remove(JOB_ID);
        MDC.remove(JOB_TYPE);
        MDC.remove(ATTEMPT);
        MDC.remove(RUNPOD_JOB_ID);
    }
}
