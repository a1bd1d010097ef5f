package dev.jobs.worker.limits;

import dev.jobs.store.limits.TypeSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Lets a handler run only while its type has a free slot. A delivery that finds every slot taken is not held: the
 * worker sends it back through a short delay and acknowledges it, so no message stays unacknowledged waiting for a
 * slot. A slot's lease outlives any single handler call, so a crashed worker's slots free themselves.
 */
public final class ConcurrencyGate {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyGate.class);

    /** Maximum time a slot stays taken by a worker that died while holding it. */
    public static final Duration LEASE = Duration.ofMinutes(5);

    /** A taken slot; closing it frees the slot. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final Permit UNLIMITED = () -> {
    };

    private final TypeSlots slots;
    private final Map<String, Integer> limits;
    private final Clock clock;
    private final String holderPrefix = "worker-" + UUID.randomUUID().toString().substring(0, 8);

    public ConcurrencyGate(TypeSlots slots, Map<String, Integer> limits, Clock clock) {
        this.slots = slots;
        this.limits = Map.copyOf(limits);
        this.clock = clock;
        this.limits.forEach(slots::ensure);
        if (!limits.isEmpty()) {
            log.info("Concurrency limits across all workers: {}", limits);
        }
    }

    /** Takes a slot for the type, or returns empty when all are taken; types without a limit always pass. */
    public Optional<Permit> tryEnter(String type) {
        if (!limits.containsKey(type)) {
            return Optional.of(UNLIMITED);
        }
        String holder = holderPrefix + "-" + Thread.currentThread().threadId();
        return slots.acquire(type, holder, clock.instant(), LEASE)
                .map(slot -> (Permit) () -> slots.release(type, slot, holder));
    }
}
