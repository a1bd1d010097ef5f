package dev.jobs.producer.service;

import dev.jobs.api.JobStatus;
import dev.jobs.producer.client.JobClient;
import dev.jobs.producer.client.JobView;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * Operator actions: {@code POST /jobs/{id}/cancel} with an optional {@code {"reason": "..."}} body, and
 * {@code POST /jobs/{id}/retry}. Both return the job after the action, 404 for an unknown id, and 409 when the
 * job's status does not allow the action.
 */
@RestController
public class JobActionController {

    static final int MAX_REASON_LENGTH = 1000;

    private final JobClient client;

    public JobActionController(JobClient client) {
        this.client = client;
    }

    @PostMapping("/jobs/{id}/cancel")
    public JobView cancel(@PathVariable("id") String id, @RequestBody(required = false) JsonNode body) {
        UUID jobId = JobIds.parse(id);
        String reason = reason(body);
        JobView before = client.get(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        JobView after = client.cancel(jobId, reason).orElseThrow(() -> new JobNotFoundException(jobId));
        // JobClient.cancel returns an ended job unchanged; a job cancelled earlier is a conflict too, because this
        // call changed nothing.
        // NOTE: when two cancels of one pending job race, both can return 200, because JobClient.cancel does not
        // report whether this call made the change.
        if (before.status().isTerminal() || after.status() != JobStatus.CANCELLED) {
            throw new JobConflictException(jobId, after.status(), "Job " + jobId + " is " + after.status().wireName()
                    + ": only pending or running jobs can be cancelled");
        }
        return after;
    }

    @PostMapping("/jobs/{id}/retry")
    public JobView retry(@PathVariable("id") String id) {
        UUID jobId = JobIds.parse(id);
        return client.retry(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
    }

    private static String reason(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw new InvalidParameterException("body", "The request body must be a JSON object such as {\"reason\": \"...\"}");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("reason")) {
                throw new InvalidParameterException(field, "Unknown field '" + field + "' in the cancel request: the"
                        + " body may hold only \"reason\", as in {\"reason\": \"...\"}");
            }
        }
        JsonNode reason = body.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isString() || reason.asString().length() > MAX_REASON_LENGTH) {
            throw new InvalidParameterException("reason", "reason must be a string of at most " + MAX_REASON_LENGTH
                    + " characters");
        }
        return reason.asString();
    }
}
