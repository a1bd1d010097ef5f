package dev.jobs.demo;

/** The required end of a demo job, given the scenario the simulator plays for its RunPod job. */
enum ExpectedEnd {
    COMPLETED("completed"),
    RUNPOD_ERROR("failed: RunPod error"),
    TIMEOUT("failed: timeout");

    private final String label;

    ExpectedEnd(String label) {
        this.label = label;
    }

    /** Returns the text shown in the summary table. */
    String label() {
        return label;
    }

    /** Returns the wire name of the job status that this end requires. */
    String jobStatus() {
        return this == COMPLETED ? "completed" : "failed";
    }
}
