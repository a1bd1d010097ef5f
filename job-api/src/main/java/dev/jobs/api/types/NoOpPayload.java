package dev.jobs.api.types;

/** The {@value #TYPE} job: completes at once with its payload as result. Smoke tests and benchmarks use it. */
public final class NoOpPayload {

    public static final String TYPE = "noop";

    public static final JobType JOB_TYPE = JobType.of(TYPE);

    private NoOpPayload() {
    }
}
