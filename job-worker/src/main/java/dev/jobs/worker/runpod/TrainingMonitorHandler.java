package dev.jobs.worker.runpod;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.worker.handler.HandlerOutcome;
import dev.jobs.worker.handler.JobContext;
import dev.jobs.worker.handler.JobHandler;
import dev.jobs.worker.handler.PermanentJobException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Watches a RunPod serverless job until it ends. Each call reads the status once and maps it with
 * {@link RunPodOutcomes}; HTTP errors map as follows:
 *
 * <ul>
 *   <li>404 for a job RunPod reported before fails: its result expired or its ttl passed;</li>
 *   <li>404 for a job never reported, within {@code RUNPOD_NOT_FOUND_GRACE_MS} of the start, checks again, since a
 *       job just submitted may not be visible yet; after that it fails;</li>
 *   <li>401 and 403 fail with a configuration error that never contains the key;</li>
 *   <li>429, 5xx, I/O errors, timeouts, an open circuit breaker: check again after a growing backoff that honours
 *       {@code Retry-After}. They never fail the job and use none of its attempts; its timeout still bounds it.</li>
 * </ul>
 */
public final class TrainingMonitorHandler implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(TrainingMonitorHandler.class);

    /** Failure streaks are kept in memory; beyond this many jobs the map is cleared rather than grown. */
    private static final int MAX_TRACKED_STREAKS = 10_000;

    private final RunPodStatusClient client;
    private final RunPodSettings settings;
    private final Clock clock;
    private final PollingPolicy polling;
    private final RunPodOutcomes outcomes;
    private final Set<String> inFlightStatusesLogged = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> transientStreaks = new ConcurrentHashMap<>();

    public TrainingMonitorHandler(RunPodStatusClient client) {
        this(client, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random jitter source of values in {@code [0, 1)}; a seeded one makes a benchmark repeatable */
    public TrainingMonitorHandler(RunPodStatusClient client, Clock clock, DoubleSupplier random) {
        this.client = client;
        this.settings = client.settings();
        this.clock = clock;
        this.polling = new PollingPolicy(settings.pollMin(), settings.pollMax(), random);
        this.outcomes = new RunPodOutcomes(settings.failOnMissingOutput());
    }

    @Override
    public String type() {
        return MonitorTrainingPayload.TYPE;
    }

    @Override
    public HandlerOutcome handle(JobContext context) {
        MonitorTrainingPayload payload = payloadOf(context);
        MDC.put("runpodJobId", payload.runpodJobId());
        Instant now = clock.instant();

        RunPodJobStatus status;
        try {
            status = client.status(payload.endpointId(), payload.runpodJobId());
        } catch (RunPodUnavailableException e) {
            return checkAgainLater(context, e);
        } catch (RunPodJobNotFoundException e) {
            transientStreaks.remove(context.jobId());
            return notFound(context, payload, now, e);
        } catch (RunPodAuthenticationException e) {
            transientStreaks.remove(context.jobId());
            log.error("RunPod rejected the API key for RunPod job {}: {}", payload.runpodJobId(), e.getMessage());
            return new HandlerOutcome.Fail(e.getMessage(), context.runpodStatus());
        }
        transientStreaks.remove(context.jobId());

        if (status.isInFlight() && !"IN_QUEUE".equals(status.status()) && !"IN_PROGRESS".equals(status.status())
                && inFlightStatusesLogged.add(status.status())) {
            log.warn("RunPod reported the status '{}' for RunPod job {}, which it does not send normally;"
                    + " treating it and later reports of it as in flight", status.status(), payload.runpodJobId());
        }
        Duration next = polling.next(context.pollInterval(), context.startedAt(), now, null);
        HandlerOutcome outcome = outcomes.map(status, next);
        if (outcome instanceof HandlerOutcome.CheckAgain) {
            log.debug("RunPod job {} is {}, next check in {} ms", payload.runpodJobId(), status.status(), next.toMillis());
        }
        return outcome;
    }

    /** Cancels the RunPod job unless the payload sets cancelOnTimeout to false, so no one keeps paying for an unwatched GPU. */
    @Override
    public String onTimeout(JobContext context) {
        transientStreaks.remove(context.jobId());
        MonitorTrainingPayload payload = payloadOf(context);
        if (!payload.cancelOnTimeout()) {
            return "RunPod job left running (cancelOnTimeout is false)";
        }
        try {
            RunPodJobStatus status = client.cancel(payload.endpointId(), payload.runpodJobId());
            log.info("Cancelled RunPod job {} after the timeout; RunPod reports {}", payload.runpodJobId(), status.status());
            return "RunPod cancel returned " + status.status();
        } catch (RuntimeException e) {
            log.warn("Cancelling RunPod job {} after the timeout failed: {}", payload.runpodJobId(), e.getMessage());
            return "RunPod cancel failed: " + e.getMessage();
        }
    }

    /** Cancels the RunPod job of a job cancelled through the API. A repeated cancel returns the current status, so calling twice is safe. */
    @Override
    public void onCancel(JobContext context) {
        transientStreaks.remove(context.jobId());
        MonitorTrainingPayload payload = payloadOf(context);
        try {
            RunPodJobStatus status = client.cancel(payload.endpointId(), payload.runpodJobId());
            log.info("Cancelled RunPod job {} after the job was cancelled; RunPod reports {}", payload.runpodJobId(),
                    status.status());
        } catch (RuntimeException e) {
            log.warn("Cancelling RunPod job {} after the job was cancelled failed: {}", payload.runpodJobId(), e.getMessage());
        }
    }

    private HandlerOutcome checkAgainLater(JobContext context, RunPodUnavailableException error) {
        if (transientStreaks.size() > MAX_TRACKED_STREAKS) {
            transientStreaks.clear();
        }
        int streak = transientStreaks.merge(context.jobId(), 1, Integer::sum);
        Duration delay = polling.backoff(context.pollInterval(), streak, error.retryAfter().orElse(null));
        // Logs the first error of a streak and then every power of two, so an outage does not flood the log.
        if (Integer.bitCount(streak) == 1) {
            log.warn("RunPod unavailable ({} in a row), checking again in {} ms: {}", streak, delay.toMillis(),
                    error.getMessage());
        } else {
            log.debug("RunPod unavailable ({} in a row), checking again in {} ms: {}", streak, delay.toMillis(),
                    error.getMessage());
        }
        return new HandlerOutcome.CheckAgain(delay, context.runpodStatus(), null);
    }

    /**
     * A job counts as seen once a status was recorded for it. The number of checks alone proves nothing, because
     * checks after a 404 or an outage also count.
     */
    private HandlerOutcome notFound(JobContext context, MonitorTrainingPayload payload, Instant now,
                                    RunPodJobNotFoundException error) {
        String ids = "RunPod job " + payload.runpodJobId() + " on endpoint " + payload.endpointId();
        if (context.runpodStatus() != null) {
            return new HandlerOutcome.Fail("RunPod no longer knows this job (result expired or ttl passed): " + ids
                    + " was last " + context.runpodStatus() + " and now answers 404", context.runpodStatus());
        }
        Instant graceEnd = context.startedAt() == null ? now : context.startedAt().plus(settings.notFoundGrace());
        if (now.isBefore(graceEnd)) {
            Duration next = polling.next(context.pollInterval(), context.startedAt(), now, null);
            log.info("{} is not visible yet (HTTP 404), checking again in {} ms", ids, next.toMillis());
            return new HandlerOutcome.CheckAgain(next, null, null);
        }
        return new HandlerOutcome.Fail("RunPod does not know " + ids + " (HTTP 404 for "
                + settings.notFoundGrace().toSeconds() + " s after the start): check payload.runpodJobId and"
                + " payload.endpointId. " + error.getMessage(), null);
    }

    private static MonitorTrainingPayload payloadOf(JobContext context) {
        try {
            return MonitorTrainingPayload.from(context.payload());
        } catch (InvalidJobException e) {
            throw new PermanentJobException(e.getMessage(), e);
        }
    }
}
