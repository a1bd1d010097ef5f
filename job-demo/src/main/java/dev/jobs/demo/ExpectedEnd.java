package dev.jobs.demo;

/** How a demo job must end, given the scenario the simulator plays for its RunPod job. */
enum ExpectedEnd {
    COMPLETED("completed"),
    RUNPOD_ERROR("failed: RunPod error"),
    TIMEOUT("failed: timeout");

    private final String label;

    ExpectedEnd(String label) {
        this.label = label;
    }

    /** The text shown in the summary table. */
    String label() {
        return label;
    }

    /** The job status, in its wire name, that this end requires. */
    String jobStatus() {
        return this == COMPLETED ? "completed" : "failed";
    }
}
