package dev.jobs.bench.stack;

import java.time.Instant;

/** Wall-clock time in epoch microseconds, the precision PostgreSQL stores in {@code timestamptz}. */
public final class Clock {

    private Clock() {
    }

    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
