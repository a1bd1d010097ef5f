package dev.jobs.bench.throughput;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.jobs.bench.stack.BenchStack;
import dev.jobs.bench.stack.Summary;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The latency floor that PostgreSQL and RabbitMQ set on this machine. It is measured one operation at a time, with a
 * pause between operations so nothing queues. The operations are a one-row INSERT committed on its own, a one-row
 * UPDATE by primary key committed on its own, and a persistent message published to a quorum queue, timed to its
 * delivery to a consumer and to its confirm. A job cannot start sooner after its submit than one commit (its row),
 * one quorum-queue write (its message) and one more commit (its start) take in a row. So the sum of their medians is
 * the floor of W2's "to start".
 */
final class StackFloor {

    private static final int SAMPLES = 400;
    private static final int WARM_UP_SAMPLES = 100;
    private static final long PAUSE_MILLIS = 5;

    private StackFloor() {
    }

    static ObjectNode run(String runId) throws Exception {
        try (BenchStack stack = BenchStack.create(runId, "floor")) {
            double[] inserts = new double[SAMPLES];
            double[] updates = new double[SAMPLES];
            try (Connection database = stack.openDatabase()) {
                try (Statement statement = database.createStatement()) {
                    statement.execute("CREATE TABLE floor_probe (id uuid PRIMARY KEY, status text NOT NULL, "
                            + "updated_at timestamptz NOT NULL DEFAULT now())");
                }
                try (PreparedStatement insert = database.prepareStatement("INSERT INTO floor_probe (id, status) VALUES (?, 'pending')");
                     PreparedStatement update = database.prepareStatement(
                             "UPDATE floor_probe SET status = 'running', updated_at = now() WHERE id = ?")) {
                    for (int i = 0; i < SAMPLES; i++) {
                        UUID id = UUID.randomUUID();
                        insert.setObject(1, id);
                        inserts[i] = timeMillis(insert::executeUpdate);
                        update.setObject(1, id);
                        updates[i] = timeMillis(update::executeUpdate);
                        Thread.sleep(PAUSE_MILLIS);
                    }
                }
            }
            double[][] broker = publishToDelivery(stack);

            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("workload", "floor");
            result.put("samples", SAMPLES - WARM_UP_SAMPLES);
            result.put("pause_ms", PAUSE_MILLIS);
            result.put("database", stack.databaseName());
            result.put("probe_queue", probeQueue(stack));
            Summary insert = measured(inserts);
            Summary update = measured(updates);
            Summary delivery = measured(broker[0]);
            result.set("insert_commit_ms", insert.toJson());
            result.set("update_commit_ms", update.toJson());
            result.set("quorum_publish_to_delivery_ms", delivery.toJson());
            result.set("quorum_publish_to_confirm_ms", measured(broker[1]).toJson());
            result.put("to_start_floor_p50_ms", Math.round((insert.p50() + delivery.p50() + update.p50()) * 100) / 100.0);
            return result;
        }
    }

    /** Returns the publish-to-delivery and the publish-to-confirm times of each sample, in ms. */
    private static double[][] publishToDelivery(BenchStack stack) throws Exception {
        String queue = probeQueue(stack);
        double[] deliveries = new double[SAMPLES];
        double[] confirms = new double[SAMPLES];
        BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(SAMPLES);
        try (Channel publisher = stack.amqp().createChannel(); Channel consumer = stack.amqp().createChannel()) {
            publisher.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
            try {
                consumer.basicQos(10);
                consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                            throws java.io.IOException {
                        arrivals.add(System.nanoTime() - ByteBuffer.wrap(body).getLong());
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                    }
                });
                publisher.confirmSelect();
                for (int i = 0; i < SAMPLES; i++) {
                    long sent = System.nanoTime();
                    publisher.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC,
                            ByteBuffer.allocate(Long.BYTES).putLong(sent).array());
                    publisher.waitForConfirmsOrDie(10_000);
                    confirms[i] = (System.nanoTime() - sent) / 1e6;
                    Long delivered = arrivals.poll(10, TimeUnit.SECONDS);
                    if (delivered == null) {
                        throw new IllegalStateException("Timed out: a message published to " + queue
                                + " was not delivered within 10 s. Check that RabbitMQ is running and not blocked by an alarm");
                    }
                    deliveries[i] = delivered / 1e6;
                    Thread.sleep(PAUSE_MILLIS);
                }
            } finally {
                publisher.queueDelete(queue);
            }
        }
        return new double[][] {deliveries, confirms};
    }

    private static String probeQueue(BenchStack stack) {
        return stack.topology().prefix() + ".floor-probe";
    }

    private static Summary measured(double[] samples) {
        return Summary.of(java.util.Arrays.copyOfRange(samples, WARM_UP_SAMPLES, samples.length));
    }

    private interface Operation {
        int run() throws Exception;
    }

    private static double timeMillis(Operation operation) throws Exception {
        long started = System.nanoTime();
        operation.run();
        return (System.nanoTime() - started) / 1e6;
    }
}
