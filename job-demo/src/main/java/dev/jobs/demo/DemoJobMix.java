package dev.jobs.demo;

import dev.jobs.runpod.simulator.Scenario;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws the demo's jobs from a seeded {@link Random}, so one seed always gives the same mix. Out of 50 jobs, 40
 * complete, 7 fail with a RunPod error and 3 never end and must time out. Other counts keep these proportions.
 * A mix of 2 jobs or more has at least one failing job, and a mix of 3 or more at least one endless job, so a
 * short run still takes every path.
 */
final class DemoJobMix {

    /** Timeout of the monitors whose RunPod job never ends; short, so their failure happens within the demo. */
    static final Duration ENDLESS_JOB_TIMEOUT = Duration.ofSeconds(20);

    /** Every {@value}th job is submitted through the producer service, the others through {@code ModelClient}. */
    static final int PRODUCER_SERVICE_EVERY = 5;

    private static final int REFERENCE_COUNT = 50;
    private static final int REFERENCE_FAILING = 7;
    private static final int REFERENCE_ENDLESS = 3;

    private static final List<String> RUNPOD_ERRORS = List.of(
            "CUDA out of memory",
            "CUDA error: an illegal memory access was encountered",
            "Loss became NaN at step 1200",
            "Dataset shard not found",
            "Worker lost: spot instance reclaimed");

    private DemoJobMix() {
    }

    /**
     * Plans {@code count} jobs in a shuffled order.
     *
     * @throws IllegalArgumentException when {@code count} is less than 1
     */
    static List<PlannedJob> plan(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("Invalid job count " + count + ": use 1 or more");
        }
        Random random = new Random(seed);
        List<ExpectedEnd> ends = new ArrayList<>(count);
        int endless = count >= 3 ? Math.max(1, scaled(count, REFERENCE_ENDLESS)) : 0;
        int failing = count >= 2 ? Math.max(1, scaled(count, REFERENCE_FAILING)) : 0;
        ends.addAll(Collections.nCopies(endless, ExpectedEnd.TIMEOUT));
        ends.addAll(Collections.nCopies(failing, ExpectedEnd.RUNPOD_ERROR));
        ends.addAll(Collections.nCopies(count - endless - failing, ExpectedEnd.COMPLETED));
        Collections.shuffle(ends, random);

        List<PlannedJob> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i + 1;
            ExpectedEnd end = ends.get(i);
            Scenario scenario = switch (end) {
                case COMPLETED -> completing(index, random);
                case RUNPOD_ERROR -> failing(random);
                case TIMEOUT -> Scenario.runsForever();
            };
            Duration timeout = end == ExpectedEnd.TIMEOUT ? ENDLESS_JOB_TIMEOUT : null;
            jobs.add(new PlannedJob(index, end, scenario, timeout, index % PRODUCER_SERVICE_EVERY == 0));
        }
        return List.copyOf(jobs);
    }

    /** Queues for 1 to 5 s and trains for 8 to 35 s. */
    private static Scenario completing(int index, Random random) {
        Duration queue = Duration.ofMillis(between(random, 1_000, 5_000));
        Duration run = Duration.ofMillis(between(random, 8_000, 35_000));
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("modelUri", "s3://models/run-" + index);
        output.put("finalLoss", Math.round((0.05 + 0.4 * random.nextDouble()) * 1000) / 1000.0);
        output.put("epochs", (int) between(random, 3, 20));
        return Scenario.completes(queue, run, output);
    }

    /** Ends 10 to 25 s after the start, of which 1 to 3 s in the queue. */
    private static Scenario failing(Random random) {
        long total = between(random, 10_000, 25_000);
        long queue = between(random, 1_000, 3_000);
        String error = RUNPOD_ERRORS.get(random.nextInt(RUNPOD_ERRORS.size()));
        return Scenario.fails(Duration.ofMillis(queue), Duration.ofMillis(total - queue), error);
    }

    private static int scaled(int count, int referenceShare) {
        return Math.round((float) count * referenceShare / REFERENCE_COUNT);
    }

    /** Draws a whole number from {@code min} to {@code max}, both included. */
    private static long between(Random random, long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }
}
