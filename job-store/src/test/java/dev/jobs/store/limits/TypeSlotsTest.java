package dev.jobs.store.limits;

import dev.jobs.store.JobStore;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TypeSlotsTest {

    private static TypeSlots slots;
    private final String type = "slots-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant now = Instant.now();

    @BeforeAll
    static void migrate() {
        slots = new TypeSlots(JobStore.migrateAndOpen(TestServices.dataSource()).dsl());
    }

    @Test
    void slotsRunOutAtTheLimit() {
        slots.ensure(type, 2);

        Optional<Integer> first = slots.acquire(type, "a", now, Duration.ofMinutes(1));
        Optional<Integer> second = slots.acquire(type, "b", now, Duration.ofMinutes(1));
        Optional<Integer> third = slots.acquire(type, "c", now, Duration.ofMinutes(1));

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(second).isNotEqualTo(first);
        assertThat(third).isEmpty();
        assertThat(slots.held(type, now)).isEqualTo(2);
    }

    @Test
    void releasedSlotCanBeTakenAgain() {
        slots.ensure(type, 1);
        int slot = slots.acquire(type, "a", now, Duration.ofMinutes(1)).orElseThrow();

        slots.release(type, slot, "a");

        assertThat(slots.acquire(type, "b", now, Duration.ofMinutes(1))).contains(slot);
    }

    @Test
    void expiredLeaseIsReclaimed() {
        slots.ensure(type, 1);
        slots.acquire(type, "crashed", now, Duration.ofSeconds(5));

        Optional<Integer> later = slots.acquire(type, "b", now.plusSeconds(6), Duration.ofMinutes(1));

        assertThat(later).isPresent();
    }

    @Test
    void releaseByFormerHolderKeepsNewHoldersSlot() {
        slots.ensure(type, 1);
        int slot = slots.acquire(type, "crashed", now, Duration.ofSeconds(5)).orElseThrow();
        slots.acquire(type, "b", now.plusSeconds(6), Duration.ofMinutes(1));

        slots.release(type, slot, "crashed");

        assertThat(slots.acquire(type, "c", now.plusSeconds(7), Duration.ofMinutes(1))).isEmpty();
    }
}
