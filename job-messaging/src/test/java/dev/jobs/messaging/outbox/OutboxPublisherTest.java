package dev.jobs.messaging.outbox;

import dev.jobs.api.topology.Topology;
import dev.jobs.messaging.delay.DelayScheduler;
import dev.jobs.messaging.metrics.JobMetrics;
import dev.jobs.messaging.publish.ConfirmedPublisher;
import dev.jobs.messaging.topology.TopologyDeclarer;
import dev.jobs.store.JobStore;
import dev.jobs.store.outbox.OutboxMessage;
import dev.jobs.store.outbox.OutboxRepository;
import dev.jobs.testing.BrokerCleanup;
import dev.jobs.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.jobs.store.generated.Tables.JOB_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboxPublisherTest {

    private static final String ROUTING_KEY = "outbox-test";

    private final Topology topology = new Topology(TestServices.newPrefix());
    private final JobStore store = JobStore.migrateAndOpen(TestServices.dataSource());
    private CachingConnectionFactory connectionFactory;
    private OutboxPublisher outboxPublisher;

    @BeforeEach
    void declareTopology() {
        connectionFactory = new CachingConnectionFactory(URI.create(TestServices.amqpUri()));
        ConfirmedPublisher publisher = new ConfirmedPublisher(connectionFactory);
        new TopologyDeclarer(publisher.template(), topology).declareExchanges();
        publisher.template().execute(channel -> {
            channel.queueDeclare(topology.workQueue(ROUTING_KEY), true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueBind(topology.workQueue(ROUTING_KEY), topology.workExchange(), ROUTING_KEY);
            return null;
        });
        outboxPublisher = new OutboxPublisher(publisher, topology, store.outbox(), new DelayScheduler(publisher, topology),
                Clock.systemUTC());
    }

    @AfterEach
    void deleteTopology() throws InterruptedException {
        outboxPublisher.close();
        connectionFactory.destroy();
        BrokerCleanup.delete(List.of(topology.workExchange(), topology.delayExchange(), topology.eventsExchange()),
                List.of(topology.workQueue(ROUTING_KEY), topology.deadQueue()));
    }

    @Test
    void confirmedRowsDeletedInBackground() {
        List<OutboxMessage> stored = store.dsl().transactionResult(configuration -> OutboxRepository.insertAll(
                configuration.dsl(), IntStream.range(0, 3).mapToObj(i -> message()).toList()));

        Set<Long> confirmed = outboxPublisher.publishAllNow(stored);

        assertThat(confirmed).containsExactlyInAnyOrderElementsOf(stored.stream().map(OutboxMessage::id).toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsOf(stored) == 0);
    }

    @Test
    void closeDeletesConfirmedRows() throws InterruptedException {
        OutboxMessage stored = store.dsl().transactionResult(configuration ->
                OutboxRepository.insert(configuration.dsl(), message()));

        assertThat(outboxPublisher.publishNow(stored)).isTrue();
        outboxPublisher.close();

        assertThat(rowsOf(List.of(stored))).isZero();
    }

    @Test
    void unroutableMessageKeepsItsRow() {
        OutboxMessage stored = store.dsl().transactionResult(configuration -> OutboxRepository.insert(configuration.dsl(),
                OutboxMessage.of(UUID.randomUUID(), topology.workExchange(), "no-queue-bound", UUID.randomUUID().toString(), "{}")));

        assertThat(outboxPublisher.publishAllNow(List.of(stored))).isEmpty();

        assertThat(rowsOf(List.of(stored))).isEqualTo(1);
    }

    @Test
    void eventWithoutSubscriberIsDropped() {
        List<OutboxMessage> stored = store.dsl().transactionResult(configuration -> OutboxRepository.insertAll(
                configuration.dsl(), List.of(event(), event())));

        Set<Long> confirmed = outboxPublisher.publishAllNow(stored);

        assertThat(confirmed).containsExactlyInAnyOrderElementsOf(stored.stream().map(OutboxMessage::id).toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsOf(stored) == 0);
    }

    @Test
    void eventWithoutSubscriberPublishedAlone() throws InterruptedException {
        OutboxMessage stored = store.dsl().transactionResult(configuration ->
                OutboxRepository.insert(configuration.dsl(), event()));

        assertThat(outboxPublisher.publishNow(stored)).isTrue();
        outboxPublisher.close();

        assertThat(rowsOf(List.of(stored))).isZero();
    }

    @Test
    void unroutableMessageSparesItsBatch() {
        OutboxMessage unroutable = OutboxMessage.of(UUID.randomUUID(), topology.workExchange(), "no-queue-bound",
                UUID.randomUUID().toString(), "{}");
        List<OutboxMessage> stored = store.dsl().transactionResult(configuration -> OutboxRepository.insertAll(
                configuration.dsl(), List.of(message(), unroutable, message())));

        Set<Long> confirmed = outboxPublisher.publishAllNow(stored);

        assertThat(confirmed).containsExactlyInAnyOrder(stored.get(0).id(), stored.get(2).id());
        assertThat(rowsOf(List.of(stored.get(1)))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> queuedMessages() == 2);
    }

    @Test
    void relayPassesUnroutableRow() {
        // Rows other tests of this run left behind would come first in the relay's pass.
        store.dsl().deleteFrom(JOB_OUTBOX).execute();
        OutboxMessage unroutable = OutboxMessage.of(UUID.randomUUID(), topology.workExchange(), "no-queue-bound",
                UUID.randomUUID().toString(), "{}");
        List<OutboxMessage> stored = store.dsl().transactionResult(configuration -> OutboxRepository.insertAll(
                configuration.dsl(), List.of(unroutable, event(), message())));
        // A clock a minute ahead makes the rows stale at once.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
        OutboxRelay relay = new OutboxRelay(store.dsl(), outboxPublisher, later,
                new JobMetrics(new SimpleMeterRegistry()));

        int published = relay.relayOnce();

        assertThat(published).isEqualTo(2);
        assertThat(rowsOf(List.of(stored.get(0)))).isEqualTo(1);
        assertThat(rowsOf(stored.subList(1, 3))).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> queuedMessages() == 1);
    }

    @Test
    void missingExchangeKeepsUnconfirmedRows() {
        OutboxMessage toMissingExchange = OutboxMessage.of(UUID.randomUUID(), topology.prefix() + ".no-such-exchange",
                ROUTING_KEY, UUID.randomUUID().toString(), "{}");
        List<OutboxMessage> stored = store.dsl().transactionResult(configuration -> OutboxRepository.insertAll(
                configuration.dsl(), List.of(message(), toMissingExchange, message())));
        long started = System.nanoTime();

        Set<Long> confirmed = outboxPublisher.publishAllNow(stored);

        // The broker closes the shared channel at the missing exchange, so the other messages of the batch may lose
        // their confirms too. Their rows stay, and the relay publishes them again.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ConfirmedPublisher.CONFIRM_TIMEOUT);
        assertThat(confirmed).doesNotContain(stored.get(1).id());
        List<OutboxMessage> unconfirmed = stored.stream().filter(message -> !confirmed.contains(message.id())).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> rowsOf(stored) == unconfirmed.size());
        assertThat(rowsOf(unconfirmed)).isEqualTo(unconfirmed.size());
    }

    private long queuedMessages() {
        return new RabbitTemplate(connectionFactory).execute(channel -> channel.messageCount(topology.workQueue(ROUTING_KEY)));
    }

    private OutboxMessage message() {
        return OutboxMessage.of(UUID.randomUUID(), topology.workExchange(), ROUTING_KEY, UUID.randomUUID().toString(), "{}");
    }

    /** Returns an event that no queue is bound for, since this test binds none to the events exchange. */
    private OutboxMessage event() {
        return OutboxMessage.of(UUID.randomUUID(), topology.eventsExchange(), "job.noop.completed",
                UUID.randomUUID().toString(), "{}");
    }

    private int rowsOf(List<OutboxMessage> messages) {
        return store.dsl().fetchCount(JOB_OUTBOX, JOB_OUTBOX.ID.in(messages.stream().map(OutboxMessage::id).toList()));
    }
}
