package dev.jobs.store.limits;

import org.jooq.DSLContext;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static dev.jobs.store.generated.Tables.JOB_TYPE_SLOTS;

/**
 * Leases on the slots of a job type. {@link #acquire} takes one free slot, or one whose lease expired (its holder
 * crashed), with {@code FOR UPDATE SKIP LOCKED}, so concurrent workers never take the same slot.
 */
public final class TypeSlots {

    private final DSLContext dsl;

    public TypeSlots(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Makes the type have exactly {@code limit} slots; slots above the limit are removed once free. */
    public void ensure(String type, int limit) {
        for (int slot = 0; slot < limit; slot++) {
            dsl.insertInto(JOB_TYPE_SLOTS)
                    .set(JOB_TYPE_SLOTS.TYPE, type)
                    .set(JOB_TYPE_SLOTS.SLOT, slot)
                    .onConflictDoNothing()
                    .execute();
        }
        dsl.deleteFrom(JOB_TYPE_SLOTS)
                .where(JOB_TYPE_SLOTS.TYPE.eq(type).and(JOB_TYPE_SLOTS.SLOT.ge(limit)).and(JOB_TYPE_SLOTS.HOLDER.isNull()))
                .execute();
    }

    /** Takes a slot for {@code holder} until {@code now + lease}; empty when every slot is taken. */
    public Optional<Integer> acquire(String type, String holder, Instant now, Duration lease) {
        return dsl.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            var free = transaction.select(JOB_TYPE_SLOTS.SLOT)
                    .from(JOB_TYPE_SLOTS)
                    .where(JOB_TYPE_SLOTS.TYPE.eq(type))
                    .and(JOB_TYPE_SLOTS.HOLDER.isNull().or(JOB_TYPE_SLOTS.EXPIRES_AT.lt(now.atOffset(ZoneOffset.UTC))))
                    .limit(1)
                    .forUpdate()
                    .skipLocked()
                    .fetchOptional(JOB_TYPE_SLOTS.SLOT);
            free.ifPresent(slot -> transaction.update(JOB_TYPE_SLOTS)
                    .set(JOB_TYPE_SLOTS.HOLDER, holder)
                    .set(JOB_TYPE_SLOTS.EXPIRES_AT, now.plus(lease).atOffset(ZoneOffset.UTC))
                    .where(JOB_TYPE_SLOTS.TYPE.eq(type).and(JOB_TYPE_SLOTS.SLOT.eq(slot)))
                    .execute());
            return free;
        });
    }

    /** Frees a slot this holder took; a slot whose lease expired and was taken by someone else stays theirs. */
    public void release(String type, int slot, String holder) {
        dsl.update(JOB_TYPE_SLOTS)
                .set(JOB_TYPE_SLOTS.HOLDER, (String) null)
                .set(JOB_TYPE_SLOTS.EXPIRES_AT, (java.time.OffsetDateTime) null)
                .where(JOB_TYPE_SLOTS.TYPE.eq(type)
                        .and(JOB_TYPE_SLOTS.SLOT.eq(slot))
                        .and(JOB_TYPE_SLOTS.HOLDER.eq(holder)))
                .execute();
    }

    /** Counts the slots of the type that are held now. */
    public int held(String type, Instant now) {
        return dsl.fetchCount(JOB_TYPE_SLOTS, JOB_TYPE_SLOTS.TYPE.eq(type)
                .and(JOB_TYPE_SLOTS.HOLDER.isNotNull())
                .and(JOB_TYPE_SLOTS.EXPIRES_AT.ge(now.atOffset(ZoneOffset.UTC))));
    }
}
