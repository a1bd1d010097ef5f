package dev.jobs.runpod.simulator.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe store of the faults scripted per job and of a storm, during which every status request of every
 * job fails with an error. Faults are used in the order they were added and counted, never drawn at random, so a
 * test sees the same responses on every run.
 */
public final class FaultInjector {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    private final Clock clock;
    private final Map<String, Deque<Remaining>> faultsByJob = new HashMap<>();
    private Instant stormUntil = Instant.MIN;
    private int stormStatus = 503;

    public FaultInjector(Clock clock) {
        this.clock = clock;
    }

    /** Adds faults for job {@code jobId}, used after those already waiting. */
    public synchronized void add(String jobId, List<Fault> faults) {
        Deque<Remaining> queue = faultsByJob.computeIfAbsent(jobId, id -> new ArrayDeque<>());
        for (Fault fault : faults) {
            queue.addLast(new Remaining(fault, fault.times()));
        }
        log.info("Scripted {} fault(s) for job {}", faults.size(), jobId);
    }

    /** Makes every status request fail with {@code httpStatus} with an HTML body for {@code duration}. */
    public synchronized void storm(Duration duration, int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("A storm needs a status from 500 to 599, but was " + httpStatus);
        }
        stormUntil = clock.instant().plus(duration);
        stormStatus = httpStatus;
        log.info("Storm: every status request fails with {} until {}", httpStatus, stormUntil);
    }

    /** Returns the fault for this request, counting it as used, or empty to respond normally. */
    public synchronized Optional<Fault> next(String jobId, String operation) {
        if (operation.equals("status") && clock.instant().isBefore(stormUntil)) {
            return Optional.of(Fault.httpError(stormStatus, 1));
        }
        Deque<Remaining> queue = faultsByJob.get(jobId);
        if (queue == null) {
            return Optional.empty();
        }
        for (Remaining remaining : queue) {
            if (remaining.fault.operation().equals(operation)) {
                remaining.left--;
                if (remaining.left == 0) {
                    queue.remove(remaining);
                }
                if (queue.isEmpty()) {
                    faultsByJob.remove(jobId);
                }
                return Optional.of(remaining.fault);
            }
        }
        return Optional.empty();
    }

    private static final class Remaining {
        private final Fault fault;
        private int left;

        private Remaining(Fault fault, int left) {
            this.fault = fault;
            this.left = left;
        }
    }
}
