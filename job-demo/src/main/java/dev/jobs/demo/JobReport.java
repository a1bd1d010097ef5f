package dev.jobs.demo;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The final state of one demo job, as the producer service returns it, with the callbacks it got and every way in
 * which it differs from its plan.
 *
 * @param status     the final job status, or {@code "missing"} when the service returned none
 * @param duration   {@code completedAt - createdAt}, or {@code null} while the job has not ended
 * @param checks     RunPod status checks the workers made
 * @param mismatches differences from the plan, empty when the job ended as expected
 */
record JobReport(SubmittedJob job, String status, String error, Duration duration, int checks, int callbacks,
                 List<String> mismatches) {

    /** The prefix of the error a worker stores when a job outlives its timeout. */
    static final String TIMEOUT_ERROR_PREFIX = "Timed out";

    boolean asExpected() {
        return mismatches.isEmpty();
    }

    /** Compares the job's final row and callbacks with its plan. */
    static JobReport of(SubmittedJob job, JsonNode row, CallbackLedger ledger) {
        PlannedJob plan = job.plan();
        String status = row.path("status").asString("missing");
        String error = row.path("error").isString() ? row.path("error").asString() : null;
        int callbacks = ledger.count(plan.index());
        List<String> mismatches = new ArrayList<>();

        if (!status.equals(plan.expectedEnd().jobStatus())) {
            mismatches.add("status " + status + ", expected " + plan.expectedEnd().jobStatus());
        }
        switch (plan.expectedEnd()) {
            case COMPLETED -> {
                JsonNode output = row.path("result").path("output");
                if (!output.equals(plan.scenario().output())) {
                    mismatches.add("result output " + output + ", expected " + plan.scenario().output());
                }
            }
            case RUNPOD_ERROR -> {
                if (error == null || !error.contains(plan.scenario().error())) {
                    mismatches.add("error '" + error + "' lacks the RunPod error '" + plan.scenario().error() + "'");
                }
            }
            case TIMEOUT -> {
                if (error == null || !error.startsWith(TIMEOUT_ERROR_PREFIX)) {
                    mismatches.add("error '" + error + "' is not a timeout");
                }
            }
        }
        if (callbacks != 1) {
            mismatches.add(callbacks + " callbacks, expected exactly 1");
        }
        Optional<CallbackLedger.Invocation> first = ledger.firstInvocation(plan.index());
        boolean expectSuccess = plan.expectedEnd() == ExpectedEnd.COMPLETED;
        if (first.isPresent() && first.get().success() != expectSuccess) {
            mismatches.add("callback was " + (first.get().success() ? "onSuccess" : "onError") + ", expected "
                    + (expectSuccess ? "onSuccess" : "onError"));
        }
        if (first.isPresent() && !first.get().success() && !Objects.equals(first.get().error(), error)) {
            mismatches.add("onError got '" + first.get().error() + "', the row contains '" + error + "'");
        }
        return new JobReport(job, status, error, durationOf(row), row.path("checks").asInt(0), callbacks,
                List.copyOf(mismatches));
    }

    private static Duration durationOf(JsonNode row) {
        Instant created = instantOf(row.path("createdAt"));
        Instant completed = instantOf(row.path("completedAt"));
        return created == null || completed == null ? null : Duration.between(created, completed);
    }

    /** Reads an ISO-8601 text or a number of epoch seconds with a fraction, the two forms Jackson writes. */
    private static Instant instantOf(JsonNode node) {
        if (node.isString()) {
            return Instant.parse(node.asString());
        }
        if (node.isNumber()) {
            return Instant.ofEpochSecond(0, node.decimalValue().movePointRight(9).longValueExact());
        }
        return null;
    }
}
