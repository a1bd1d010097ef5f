package dev.jobs.e2e;

import dev.jobs.api.JobOptions;
import dev.jobs.api.JobStatus;
import dev.jobs.api.message.MessageCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A per-type limit applies across workers: two workers with four consumers each run at most two slow handlers. */
class ConcurrencyLimitTest {

    private static final int LIMIT = 2;

    private static TestStack stack;

    @BeforeAll
    static void startStack() {
        stack = new TestStack(TestStack.Options.withTestHandlers()
                .withWorkerProperties(Map.of("JOB_CONCURRENCY_LIMITS", TestHandlers.SLOW + "=" + LIMIT,
                        "JOB_CONCURRENCY", "4")));
        stack.startWorker();
    }

    @AfterAll
    static void stopStack() throws Exception {
        stack.close();
    }

    @Test
    void limitAppliesAcrossWorkers() {
        TestHandlers.SLOW_MAX_RUNNING.set(0);
        List<UUID> jobIds = new ArrayList<>();

        for (int i = 0; i < 16; i++) {
            jobIds.add(stack.manager.client().submit(TestHandlers.SLOW, MessageCodec.mapper().createObjectNode().put("i", i),
                    JobOptions.defaults()).job().id());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> jobIds.stream()
                .allMatch(id -> stack.manager.get(id).orElseThrow().status() == JobStatus.COMPLETED));
        assertThat(TestHandlers.SLOW_MAX_RUNNING.get()).as("most slow handlers at once").isBetween(1, LIMIT);
    }
}
