package dev.jobs.cli.output;

import tools.jackson.databind.JsonNode;

/** Human-readable forms of a job as the service returns it. */
public final class JobText {

    private JobText() {
    }

    /** Formats every field that is set, one per line, then the timeline when the body has one. */
    public static String details(JsonNode job) {
        StringBuilder text = new StringBuilder();
        line(text, "id", job.path("id"));
        line(text, "type", job.path("type"));
        line(text, "status", job.path("status"));
        line(text, "run", job.path("run"));
        line(text, "attempt", job.path("attempt").asString() + "/" + job.path("maxAttempts").asString());
        line(text, "created", job.path("createdAt"));
        line(text, "scheduled", job.path("runAt"));
        line(text, "started", job.path("startedAt"));
        line(text, "ended", job.path("completedAt"));
        line(text, "checks", job.path("checks"));
        line(text, "next check", job.path("nextCheckAt"));
        line(text, "runpod job", job.path("runpodJobId"));
        line(text, "runpod status", job.path("runpodStatus"));
        line(text, "error", job.path("error"));
        line(text, "last error", job.path("lastError"));
        line(text, "payload", job.path("payload"));
        line(text, "result", job.path("result"));
        JsonNode timeline = job.path("timeline");
        if (timeline.isArray() && !timeline.isEmpty()) {
            text.append("timeline:\n");
            for (JsonNode entry : timeline) {
                text.append("  ").append(entry.path("at").asString()).append("  ")
                        .append(String.format("%-14s", entry.path("event").asString())).append("  ")
                        .append(entry.path("detail").asString()).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }

    /** Formats the one-line summary that {@code watch} prints: the fields that change while a job runs. */
    public static String progress(JsonNode job) {
        StringBuilder line = new StringBuilder(job.path("status").asString());
        line.append("  checks=").append(job.path("checks").asInt());
        line.append("  attempt=").append(job.path("attempt").asInt()).append('/').append(job.path("maxAttempts").asInt());
        if (job.hasNonNull("runpodStatus")) {
            line.append("  runpod=").append(job.get("runpodStatus").asString());
        }
        if (job.hasNonNull("nextCheckAt") && !job.path("status").asString().equals("pending")) {
            line.append("  next=").append(job.get("nextCheckAt").asString());
        }
        if (job.hasNonNull("error")) {
            line.append("  error=").append(job.get("error").asString());
        } else if (job.hasNonNull("lastError")) {
            line.append("  lastError=").append(job.get("lastError").asString());
        }
        return line.toString();
    }

    private static void line(StringBuilder text, String label, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        line(text, label, value.isString() ? value.asString() : value.toString());
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("%-14s %s%n", label + ":", value));
    }
}
