package dev.jobs.producer.service;

import dev.jobs.api.topology.Topology;
import dev.jobs.store.query.JobStatisticsQuery;
import dev.jobs.store.query.TypeStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Combines the broker's queue depths with the database's counts of unfinished jobs. When the broker is down the
 * database figures are still returned, with the broker figures left {@code null} and the reason in
 * {@code brokerError}.
 */
final class QueueStatusReader {

    private static final Logger log = LoggerFactory.getLogger(QueueStatusReader.class);

    /** How late a running job's next check must be to count as overdue. */
    static final Duration OVERDUE_MARGIN = Duration.ofMinutes(1);

    private final JobStatisticsQuery statistics;
    private final BrokerQueues broker;
    private final Topology topology;
    private final Collection<String> knownTypes;
    private final Clock clock;

    QueueStatusReader(JobStatisticsQuery statistics, BrokerQueues broker, Topology topology, Collection<String> knownTypes,
                      Clock clock) {
        this.statistics = statistics;
        this.broker = broker;
        this.topology = topology;
        this.knownTypes = knownTypes;
        this.clock = clock;
    }

    QueueReport read() {
        Instant now = clock.instant();
        Map<String, TypeStatistics> byType = statistics.unfinishedByType(now, OVERDUE_MARGIN).stream()
                .collect(Collectors.toMap(TypeStatistics::type, Function.identity(), (first, second) -> first, TreeMap::new));
        knownTypes.forEach(type -> byType.putIfAbsent(type, new TypeStatistics(type, 0, 0, null, 0, 0, 0)));

        String brokerError = null;
        List<QueueReport.TypeQueue> types = new ArrayList<>();
        for (TypeStatistics type : byType.values()) {
            String queue = topology.workQueue(type.type());
            Long ready = null;
            if (brokerError == null) {
                try {
                    ready = boxed(broker.readyMessages(queue));
                } catch (AmqpException e) {
                    brokerError = failure(e);
                }
            }
            Long age = type.oldestPendingAge() == null ? null : type.oldestPendingAge().toSeconds();
            types.add(new QueueReport.TypeQueue(type.type(), queue, ready, type.delayed(), type.pending(), type.scheduled(),
                    age, type.running(), type.overdue()));
        }
        Long parked = null;
        if (brokerError == null) {
            try {
                parked = boxed(broker.readyMessages(topology.deadQueue()));
            } catch (AmqpException e) {
                brokerError = failure(e);
            }
        }
        return new QueueReport(types, new QueueReport.Parked(topology.deadQueue(), parked), brokerError);
    }

    private static String failure(AmqpException e) {
        log.warn("Reading queue depths failed, returning database figures only: {}", e.getMessage());
        return "Reading queue depths from the broker failed: " + e.getMessage();
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
