package dev.jobs.runpod.simulator.job;

import java.util.Random;
import java.util.UUID;

/**
 * Generates job ids and worker ids shaped like RunPod's from a seeded random source, so that a run with the
 * same seed and the same order of requests produces the same ids.
 */
public final class JobIdGenerator {

    private static final String WORKER_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int WORKER_ID_LENGTH = 14;

    // RunPod job ids end in a suffix such as "-u1" after the UUID, so clients must not parse them as plain UUIDs.
    private static final String JOB_ID_SUFFIX = "-u1";

    private final Random random;

    public JobIdGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Returns a new id such as {@code 3f0c5f5e-7d41-4c1e-9a52-2b8f4c7e9d10-u1}. */
    public synchronized String nextJobId() {
        long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;
        long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant) + JOB_ID_SUFFIX;
    }

    /** Returns a new worker id of lowercase letters and digits. */
    public synchronized String nextWorkerId() {
        StringBuilder id = new StringBuilder(WORKER_ID_LENGTH);
        for (int i = 0; i < WORKER_ID_LENGTH; i++) {
            id.append(WORKER_ID_ALPHABET.charAt(random.nextInt(WORKER_ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
