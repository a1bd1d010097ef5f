package dev.jobs.worker.consume;

import dev.jobs.api.JobStatus;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.Outcome;
import dev.jobs.store.outbox.OutboxMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class EndBufferTest {

    private static final DataAccessException REJECTED = databaseError("22021");
    private static final DataAccessException CONNECTION_LOST = databaseError("08006");

    private final List<UUID> endedAlone = new ArrayList<>();

    @Test
    void sharedFailureRetriesEachEndAlone() {
        EndBuffer buffer = buffer(group -> {
            throw REJECTED;
        }, finish -> Optional.of(event(finish)));
        Disposition[] dispositions = {Disposition.ACK, Disposition.ACK};
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        buffer.add(0, finish(first), "noop", Instant.now());
        buffer.add(1, finish(second), "noop", Instant.now());

        buffer.flush(dispositions);

        assertThat(endedAlone).containsExactly(first, second);
        assertThat(dispositions).containsOnly(Disposition.ACK);
    }

    @Test
    void loneEndIgnoresSharedError() {
        // A group of one may still have shared its transaction with other consumers' ends.
        EndBuffer buffer = buffer(group -> {
            throw REJECTED;
        }, finish -> Optional.of(event(finish)));
        Disposition[] dispositions = {Disposition.ACK};
        buffer.add(0, finish(UUID.randomUUID()), "noop", Instant.now());

        buffer.flush(dispositions);

        assertThat(dispositions[0]).isEqualTo(Disposition.ACK);
    }

    @Test
    void ownFailureDecidesDisposition() {
        UUID rejected = UUID.randomUUID();
        EndBuffer buffer = buffer(group -> {
            throw CONNECTION_LOST;
        }, finish -> {
            throw finish.id().equals(rejected) ? REJECTED : CONNECTION_LOST;
        });
        Disposition[] dispositions = {Disposition.ACK, Disposition.ACK};
        buffer.add(0, finish(rejected), "noop", Instant.now());
        buffer.add(1, finish(UUID.randomUUID()), "noop", Instant.now());

        buffer.flush(dispositions);

        assertThat(dispositions[0]).isInstanceOf(Disposition.Park.class);
        assertThat(((Disposition.Park) dispositions[0]).reason()).contains(rejected.toString());
        assertThat(dispositions[1]).isInstanceOf(Disposition.Requeue.class);
    }

    private EndBuffer buffer(Function<List<JobRepository.Finish>, List<Optional<OutboxMessage>>> together,
                             Function<JobRepository.Finish, Optional<OutboxMessage>> alone) {
        return new EndBuffer(together, finish -> {
            endedAlone.add(finish.id());
            return alone.apply(finish);
        }, new JobMetrics(new SimpleMeterRegistry()));
    }

    private static JobRepository.Finish finish(UUID id) {
        JobRow running = new JobRow(id, "noop", JobStatus.RUNNING, "{}", null, null, Instant.EPOCH, Instant.EPOCH, null,
                Instant.EPOCH, 1, 3, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(5), null, null, 0,
                null, null, null, null, null, null, "[]", 1, null, null);
        return new JobRepository.Finish(running, Outcome.completed(null, null), Instant.now(), row -> null);
    }

    private static OutboxMessage event(JobRepository.Finish finish) {
        return OutboxMessage.of(finish.id(), "events", "noop.completed", finish.id().toString(), "{}");
    }

    private static DataAccessException databaseError(String sqlState) {
        return new DataAccessException("database error " + sqlState, new SQLException("failed", sqlState));
    }
}
