package dev.jobs.store;

import dev.jobs.api.JobStatus;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.NewJob;
import dev.jobs.store.job.Outcome;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class JobRepositoryTest {

    private static JobStore store;
    private static JobRepository jobs;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void migrate() {
        store = JobStore.migrateAndOpen(TestServices.dataSource());
        jobs = store.jobs();
    }

    @Test
    void insertStoresRowAndOutboxMessageTogether() {
        JobRepository.Inserted inserted = jobs.insert(newJob(null), JobRepositoryTest::message);

        assertThat(inserted.created()).isTrue();
        assertThat(inserted.job().status()).isEqualTo(JobStatus.PENDING);
        assertThat(inserted.message().id()).isPositive();
        assertThat(jobs.find(inserted.job().id())).isPresent();
    }

    @Test
    void secondFinishChangesNothing() {
        UUID id = runningJob();

        Optional<OutboxMessage> first = jobs.finish(row(id), Outcome.completed("{\"ok\":true}", "COMPLETED"),
                now, JobRepositoryTest::message);
        Optional<OutboxMessage> second = jobs.finish(row(id), Outcome.failed("late failure", null),
                now.plusSeconds(1), JobRepositoryTest::message);

        JobRow row = jobs.find(id).orElseThrow();
        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(row.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(row.error()).isNull();
        assertThat(row.completedAt()).isEqualTo(now);
    }

    @Test
    void checkRecordedTwiceIsRecordedOnce() {
        UUID id = runningJob();

        boolean first = jobs.recordCheck(id, 0, "IN_PROGRESS", null, Duration.ofSeconds(5), now.plusSeconds(5), now);
        boolean duplicate = jobs.recordCheck(id, 0, "IN_PROGRESS", null, Duration.ofSeconds(5), now.plusSeconds(5), now);
        boolean next = jobs.recordCheck(id, 1, "IN_PROGRESS", "{\"epoch\":2}", Duration.ofSeconds(5), now.plusSeconds(10), now);

        assertThat(first).isTrue();
        assertThat(duplicate).isFalse();
        assertThat(next).isTrue();
        JobRow row = jobs.find(id).orElseThrow();
        assertThat(row.checks()).isEqualTo(2);
        assertThat(row.progress()).isEqualTo("{\"epoch\": 2}");
        assertThat(row.checkInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyFailedAttemptErrorIsKept() {
        UUID id = runningJob();

        jobs.recordRetry(id, 2, "first error", now.plusSeconds(1), now);
        jobs.recordRetry(id, 3, "second error", now.plusSeconds(2), now);
        jobs.finish(row(id), Outcome.failedOnAttempt(3, "third error"), now, JobRepositoryTest::message);

        String errors = jobs.find(id).orElseThrow().attemptErrors();
        assertThat(errors).contains("\"attempt\": 1", "first error", "\"attempt\": 2", "second error",
                "\"attempt\": 3", "third error");
    }

    @Test
    void markRunningOnlyMovesPendingJobs() {
        UUID id = runningJob();

        boolean again = jobs.markRunning(id, now.plusSeconds(1), now.plusSeconds(60));

        assertThat(again).isFalse();
        assertThat(jobs.find(id).orElseThrow().startedAt()).isEqualTo(now);
    }

    @Test
    void concurrentSubmitsWithOneKeyStoreOneJob() throws Exception {
        String key = "key-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var calls = IntStream.range(0, 8)
                    .mapToObj(i -> (Callable<JobRepository.Inserted>) () -> jobs.insert(newJob(key), JobRepositoryTest::message))
                    .toList();

            var results = pool.invokeAll(calls);

            long created = 0;
            var ids = new java.util.HashSet<UUID>();
            for (Future<JobRepository.Inserted> result : results) {
                created += result.get().created() ? 1 : 0;
                ids.add(result.get().job().id());
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void insertAllStoresRowsAndMessagesInOrder() {
        java.util.List<NewJob> batch = IntStream.range(0, 5).mapToObj(i -> newJob(null)).toList();

        java.util.List<JobRepository.Inserted> inserted = jobs.insertAll(batch, JobRepositoryTest::message);

        assertThat(inserted).hasSize(5);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(inserted.get(i).job().id()).isEqualTo(batch.get(i).id());
            assertThat(inserted.get(i).created()).isTrue();
            assertThat(inserted.get(i).message().jobId()).isEqualTo(batch.get(i).id());
            assertThat(inserted.get(i).message().id()).isPositive();
            assertThat(jobs.find(batch.get(i).id())).isPresent();
            assertThat(outboxRowsOf(batch.get(i).id())).isEqualTo(1);
        }
    }

    @Test
    void insertAllStoresNothingOnConflict() {
        NewJob existing = newJob(null);
        jobs.insertAll(java.util.List.of(existing), JobRepositoryTest::message);
        NewJob fresh = newJob(null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        jobs.insertAll(java.util.List.of(fresh, existing), JobRepositoryTest::message))
                .isInstanceOf(org.jooq.exception.DataAccessException.class);

        assertThat(jobs.find(fresh.id())).isEmpty();
        assertThat(outboxRowsOf(fresh.id())).isZero();
        assertThat(outboxRowsOf(existing.id())).isEqualTo(1);
    }

    @Test
    void insertAllRejectsIdempotencyKey() {
        java.util.List<NewJob> batch = java.util.List.of(newJob(null), newJob("key-" + UUID.randomUUID()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.insertAll(batch, JobRepositoryTest::message))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(jobs.find(batch.get(0).id())).isEmpty();
    }

    @Test
    void startIfPendingStartsOnce() {
        UUID id = jobs.insert(newJob(null), JobRepositoryTest::message).job().id();

        Optional<JobRow> wrongType = jobs.startIfPending(id, "other-type", now);
        Optional<JobRow> first = jobs.startIfPending(id, "test-type", now);
        Optional<JobRow> second = jobs.startIfPending(id, "test-type", now.plusSeconds(1));

        assertThat(wrongType).isEmpty();
        assertThat(first).isPresent();
        assertThat(first.get().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(first.get().startedAt()).isEqualTo(now);
        assertThat(first.get().deadlineAt()).isEqualTo(now.plus(Duration.ofMinutes(1)));
        assertThat(first.get().attempt()).isEqualTo(1);
        assertThat(second).isEmpty();
    }

    @Test
    void startIfPendingWaitsForStartTime() {
        NewJob scheduled = new NewJob(UUID.randomUUID(), "test-type", "{\"n\":1}", 4, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), null, null, now.plusSeconds(60));
        UUID id = jobs.insert(scheduled, JobRepositoryTest::message).job().id();

        assertThat(jobs.startIfPending(id, "test-type", now)).isEmpty();
        assertThat(jobs.startIfPending(id, "test-type", now.plusSeconds(60))).isPresent();
    }

    @Test
    void startAllIfPendingStartsOnlyPendingJobs() {
        UUID pending = jobs.insert(newJob(null), JobRepositoryTest::message).job().id();
        UUID running = runningJob();
        UUID otherType = jobs.insert(newJob(null), JobRepositoryTest::message).job().id();

        java.util.List<Optional<JobRow>> started = jobs.startAllIfPending(java.util.List.of(
                new JobRepository.Start(pending, "test-type"),
                new JobRepository.Start(running, "test-type"),
                new JobRepository.Start(otherType, "another-type")), now);

        assertThat(started).hasSize(3);
        assertThat(started.get(0)).isPresent();
        assertThat(started.get(0).get().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(started.get(0).get().startedAt()).isEqualTo(now);
        assertThat(started.get(1)).isEmpty();
        assertThat(started.get(2)).isEmpty();
        assertThat(jobs.find(otherType).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void finishAllEndsEachJobOnce() {
        UUID first = runningJob();
        UUID second = runningJob();
        jobs.finish(row(second), Outcome.failed("ended before", null), now, JobRepositoryTest::message);

        java.util.List<Optional<OutboxMessage>> events = jobs.finishAll(java.util.List.of(
                new JobRepository.Finish(row(first), Outcome.completed("{\"ok\":true}", null), now, JobRepositoryTest::message),
                new JobRepository.Finish(row(second), Outcome.completed("{\"ok\":true}", null), now, JobRepositoryTest::message)));

        assertThat(events.get(0)).isPresent();
        assertThat(events.get(1)).isEmpty();
        assertThat(jobs.find(first).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.find(second).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void finishAllKeepsSpecialTextExactly() {
        UUID id = runningJob();
        UUID duplicate = runningJob();
        String error = "NULL {a,b} \"quoted\" back\\slash, line\nbreak, é 日本";
        String result = "{\"text\":\"" + "{x} \\\"y\\\" NULL" + "\"}";

        java.util.List<Optional<OutboxMessage>> events = jobs.finishAll(java.util.List.of(
                new JobRepository.Finish(row(id), Outcome.failedOnAttempt(1, error), now, JobRepositoryTest::message),
                new JobRepository.Finish(row(duplicate), Outcome.completed(result, "COMPLETED"), now, JobRepositoryTest::message),
                new JobRepository.Finish(row(duplicate), Outcome.failed("second input for the same job", null), now,
                        JobRepositoryTest::message)));

        assertThat(events.get(0)).isPresent();
        assertThat(events.get(1)).isPresent();
        assertThat(events.get(2)).isEmpty();
        JobRow failed = jobs.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo(error);
        assertThat(failed.completedAt()).isEqualTo(now);
        assertThat(failed.attemptErrors()).contains("\"attempt\": 1").contains("line\\nbreak");
        JobRow completed = jobs.find(duplicate).orElseThrow();
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.runpodStatus()).isEqualTo("COMPLETED");
        assertThat(completed.result()).isEqualTo("{\"text\": \"{x} \\\"y\\\" NULL\"}");
    }

    @Test
    void insertAllKeepsSpecialPayloadExactly() {
        String payload = "{\"note\": \"NULL {a,b} \\\"q\\\" back\\\\slash é\"}";
        NewJob job = new NewJob(UUID.randomUUID(), "test-type", payload, 4, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), "runpod-{1},\"2\"", null, now);

        jobs.insertAll(java.util.List.of(job, newJob(null)), JobRepositoryTest::message);

        JobRow stored = jobs.find(job.id()).orElseThrow();
        assertThat(stored.payload()).isEqualTo(payload);
        assertThat(stored.runpodJobId()).isEqualTo("runpod-{1},\"2\"");
        assertThat(stored.runAt()).isEqualTo(now);
    }

    @Test
    void groupTimesRoundHalfMicrosecondAlike() {
        Instant at = Instant.parse("2026-01-01T00:00:00.000002500Z");
        NewJob job = new NewJob(UUID.randomUUID(), "test-type", "{}", 4, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), null, null, at);
        jobs.insertAll(java.util.List.of(job), JobRepositoryTest::message);

        JobRow started = jobs.startAllIfPending(java.util.List.of(new JobRepository.Start(job.id(), "test-type")), at)
                .getFirst().orElseThrow();
        jobs.finishAll(java.util.List.of(new JobRepository.Finish(row(job.id()), Outcome.completed("{}", null), at,
                JobRepositoryTest::message)));
        JobRow ended = jobs.find(job.id()).orElseThrow();

        assertThat(started.startedAt()).isEqualTo(started.runAt());
        assertThat(ended.completedAt()).isEqualTo(started.startedAt());
    }

    @Test
    void concurrentGroupsSharingJobsEndEachOnce() throws Exception {
        java.util.List<UUID> ids = IntStream.range(0, 50)
                .mapToObj(i -> jobs.insert(newJob(null), JobRepositoryTest::message).job().id()).toList();
        jobs.startAllIfPending(ids.stream().map(id -> new JobRepository.Start(id, "test-type")).toList(), now);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            java.util.List<Future<Long>> groups = new java.util.ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                java.util.List<UUID> order = new java.util.ArrayList<>(ids);
                java.util.Collections.shuffle(order);
                groups.add(pool.submit(() -> jobs.finishAll(order.stream()
                                .map(id -> new JobRepository.Finish(row(id), Outcome.completed("{}", null), now,
                                        JobRepositoryTest::message))
                                .toList())
                        .stream().filter(Optional::isPresent).count()));
            }
            long ended = 0;
            for (Future<Long> group : groups) {
                ended += group.get();
            }

            assertThat(ended).isEqualTo(50);
            for (UUID id : ids) {
                assertThat(outboxRowsOf(id)).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void insertAllKeepsTextReadingNull() {
        NewJob job = new NewJob(UUID.randomUUID(), "test-type", "{\"n\":1}", 4, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), "NULL", null, null);

        jobs.insertAll(java.util.List.of(job), JobRepositoryTest::message);

        assertThat(jobs.find(job.id()).orElseThrow().runpodJobId()).isEqualTo("NULL");
    }

    @Test
    void groupStatementsReadRowsAsFindDoes() {
        NewJob job = new NewJob(UUID.randomUUID(), "test-type", "{\"n\": [1, 2]}", 4, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), "runpod-7", null, now.minusSeconds(1));

        JobRow inserted = jobs.insertAll(java.util.List.of(job), JobRepositoryTest::message).getFirst().job();
        assertThat(inserted).isEqualTo(jobs.find(job.id()).orElseThrow());

        JobRow started = jobs.startAllIfPending(java.util.List.of(new JobRepository.Start(job.id(), "test-type")), now)
                .getFirst().orElseThrow();
        assertThat(started).isEqualTo(jobs.find(job.id()).orElseThrow());

        JobRow[] ended = new JobRow[1];
        jobs.finishAll(java.util.List.of(new JobRepository.Finish(started, Outcome.failedOnAttempt(1, "lost"), now,
                row -> {
                    ended[0] = row;
                    return message(row);
                })));
        assertThat(ended[0]).isEqualTo(jobs.find(job.id()).orElseThrow());
        assertThat(ended[0].status()).isEqualTo(JobStatus.FAILED);
        assertThat(ended[0].attemptErrors()).contains("\"error\": \"lost\"");
    }

    @Test
    void finishChangesNothingInTheNextRun() {
        UUID id = runningJob();
        JobRow seen = row(id);
        store.control().cancel(id, "stopped", now, JobRepositoryTest::message);
        store.control().retry(id, now, JobRepositoryTest::message);

        Optional<OutboxMessage> event = jobs.finish(seen, Outcome.completed("{}", null), now, JobRepositoryTest::message);

        assertThat(event).isEmpty();
        assertThat(row(id).status()).isEqualTo(JobStatus.PENDING);
        assertThat(row(id).run()).isEqualTo(2);
    }

    @Test
    void insertAllKeepsSqlStateOfInvalidPayload() {
        NewJob valid = newJob(null);
        NewJob invalid = new NewJob(UUID.randomUUID(), "test-type", "{not json", 4, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), null, null, null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        jobs.insertAll(java.util.List.of(valid, invalid), JobRepositoryTest::message))
                .isInstanceOfSatisfying(org.jooq.exception.DataAccessException.class,
                        e -> assertThat(e.sqlState()).isEqualTo("22P02"));

        assertThat(jobs.find(valid.id())).isEmpty();
        assertThat(outboxRowsOf(valid.id())).isZero();
    }

    private static JobRow row(UUID id) {
        return jobs.find(id).orElseThrow();
    }

    private UUID runningJob() {
        UUID id = jobs.insert(newJob(null), JobRepositoryTest::message).job().id();
        assertThat(jobs.markRunning(id, now, now.plusSeconds(60))).isTrue();
        return id;
    }

    private static NewJob newJob(String idempotencyKey) {
        return new NewJob(UUID.randomUUID(), "test-type", "{\"n\":1}", 4, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), null, idempotencyKey, null);
    }

    private static OutboxMessage message(JobRow row) {
        return OutboxMessage.of(row.id(), "exchange", "routing", row.id().toString(), "{}");
    }

    private static int outboxRowsOf(UUID jobId) {
        return store.dsl().fetchCount(dev.jobs.store.generated.Tables.JOB_OUTBOX,
                dev.jobs.store.generated.Tables.JOB_OUTBOX.JOB_ID.eq(jobId));
    }

    private static OutboxMessage message(NewJob job) {
        return OutboxMessage.of(job.id(), "exchange", "routing", job.id().toString(), "{}");
    }
}
