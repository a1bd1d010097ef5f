package dev.jobs.producer.service;

import dev.jobs.api.JobStatus;
import dev.jobs.producer.client.JobView;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the timeline of {@code GET /jobs/{id}} from what the job row stores: creation, the scheduled start, the
 * start, every failed attempt and every ended earlier run (from {@code attemptErrors}), the end, and, while the job
 * runs, the next check with the checks done so far and the last RunPod status. The row keeps only the last RunPod
 * status, so earlier statuses of a monitored run cannot be listed.
 */
final class JobTimeline {

    /**
     * One point of the timeline.
     *
     * @param event  {@code created}, {@code scheduled}, {@code started}, {@code attempt-failed}, {@code run-ended},
     *               {@code next-check}, {@code completed}, {@code failed} or {@code cancelled}
     * @param detail a sentence for people
     */
    record Entry(Instant at, String event, String detail) {
    }

    private JobTimeline() {
    }

    static List<Entry> of(JobView job) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(job.createdAt(), "created", "Job of type " + job.type() + " created"));
        if (job.runAt() != null) {
            entries.add(new Entry(job.runAt(), "scheduled", "Scheduled to start at " + job.runAt()));
        }
        addAttemptErrors(job.attemptErrors(), entries);
        if (job.startedAt() != null) {
            entries.add(new Entry(job.startedAt(), "started", "Run " + job.run() + " started"));
        }
        if (job.status().isTerminal() && job.completedAt() != null) {
            entries.add(new Entry(job.completedAt(), job.status().wireName(), endDetail(job)));
        }
        if (job.status() == JobStatus.RUNNING && job.nextCheckAt() != null) {
            entries.add(new Entry(job.nextCheckAt(), "next-check", checkDetail(job)));
        }
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    private static void addAttemptErrors(JsonNode errors, List<Entry> entries) {
        if (errors == null || !errors.isArray()) {
            return;
        }
        for (JsonNode error : errors) {
            Instant at = Instant.parse(error.path("at").asString());
            String message = error.path("error").isNull() ? "no error recorded" : error.path("error").asString();
            if (error.has("run")) {
                entries.add(new Entry(at, "run-ended", "Run " + error.path("run").asInt() + " ended "
                        + error.path("status").asString() + ": " + message));
            } else {
                entries.add(new Entry(at, "attempt-failed", "Attempt " + error.path("attempt").asInt() + " failed: " + message));
            }
        }
    }

    private static String endDetail(JobView job) {
        StringBuilder detail = new StringBuilder("Run " + job.run() + " " + job.status().wireName());
        if (job.error() != null) {
            detail.append(": ").append(job.error());
        }
        if (job.runpodStatus() != null) {
            detail.append(" (RunPod status ").append(job.runpodStatus()).append(" after ").append(job.checks())
                    .append(" check(s))");
        }
        return detail.toString();
    }

    private static String checkDetail(JobView job) {
        String detail = "Check " + (job.checks() + 1) + " of attempt " + job.attempt() + "/" + job.maxAttempts();
        if (job.runpodStatus() != null) {
            detail += "; RunPod status was " + job.runpodStatus() + " at check " + job.checks();
        }
        return detail;
    }
}
