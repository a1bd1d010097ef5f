package dev.jobs.worker.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One consumer of one work queue: a channel of its own, a subscription with manual acknowledgement, and one thread
 * that hands the deliveries to the listener in batches.
 *
 * <p>The RabbitMQ client's thread only appends each delivery to a local queue. The consumer's thread takes the first
 * delivery waiting, together with every other one already there, up to {@code maxBatch}. A lone delivery is passed on
 * at once, alone. Under load the batches grow by themselves, so the listener's statements, publishes and
 * acknowledgements serve many jobs each.
 *
 * <p>When the channel or the connection is lost, the consumer drops the deliveries it had not started (the broker
 * delivers them again) and opens a new channel, waiting longer between failed attempts, up to
 * {@link #MAX_RECONNECT_WAIT}. On stop it finishes the delivery in progress, acknowledges what it processed and closes
 * the channel, which returns the rest to the queue.
 *
 * <p>NOTE: the listener runs a batch's handlers one after another, so with slow handlers a delivery waits for the
 * ones before it. The prefetch bounds that wait.
 */
final class QueueConsumer {

    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

    static final Duration FIRST_RECONNECT_WAIT = Duration.ofMillis(500);
    static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(5);

    /** Marker put in the local queue to wake the consumer's thread when the subscription ends or a stop is requested. */
    private static final Delivery WAKE_UP = new Delivery(null, null, null);

    /** Receives each batch. It must settle (acknowledge or reject) every delivery it reports as processed. */
    interface BatchListener {
        void onBatch(Channel channel, String queue, List<Delivery> batch, BatchControl control) throws Exception;
    }

    /** Controls the consumer gives its listener while the listener processes a batch. */
    interface BatchControl {
        /** Returns true once a stop is requested. The listener then settles what it processed and leaves the rest. */
        boolean stopRequested();
    }

    private final String name;
    private final ConnectionFactory connectionFactory;
    private final String queue;
    private final Runnable declareQueue;
    private final int prefetch;
    private final int maxBatch;
    private final BatchListener listener;
    private final Thread thread;
    private volatile boolean stopRequested;
    /** Released by a stop request, so a consumer waiting to reconnect stops at once. */
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile Subscription subscription;
    private volatile Channel channel;
    private boolean subscribed;

    QueueConsumer(String name, ConnectionFactory connectionFactory, String queue, Runnable declareQueue, int prefetch,
                  int maxBatch, BatchListener listener) {
        this.name = name;
        this.connectionFactory = connectionFactory;
        this.queue = queue;
        this.declareQueue = declareQueue;
        this.prefetch = prefetch;
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Requests a stop after the delivery in progress, and returns at once. */
    void requestStop() {
        stopRequested = true;
        stopSignal.countDown();
        Subscription current = subscription;
        if (current != null) {
            current.deliveries.add(WAKE_UP);
        }
    }

    /** Waits until the consumer stops or the time runs out, and returns whether it stopped. */
    boolean awaitStop(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    /**
     * Closes the channel of a consumer that did not stop in time. Its unacknowledged deliveries go back to the queue,
     * and the delivery in progress fails to acknowledge and is delivered again.
     */
    void abandon() {
        log.warn("Consumer {} did not finish its delivery in time, closing its channel: the delivery will come back", name);
        closeQuietly(channel);
    }

    private void run() {
        log.debug("Consumer {} of {} started", name, queue);
        Duration wait = FIRST_RECONNECT_WAIT;
        while (!stopRequested) {
            subscribed = false;
            try {
                consumeUntilLostOrStopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (stopRequested) {
                    break;
                }
                if (subscribed) {
                    wait = FIRST_RECONNECT_WAIT;
                }
                log.warn("Consumer {} of {} failed, opening a new channel in {} ms: {}", name, queue, wait.toMillis(),
                        e.getMessage());
            } finally {
                closeQuietly(channel);
            }
            if (stopRequested || stopRequestedWithin(wait)) {
                break;
            }
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(MAX_RECONNECT_WAIT) > 0 ? MAX_RECONNECT_WAIT : doubled;
        }
        log.debug("Consumer {} of {} stopped", name, queue);
    }

    private void consumeUntilLostOrStopped() throws Exception {
        declareQueue.run();
        Channel opened = connectionFactory.createConnection().getDelegate().createChannel();
        if (opened == null) {
            throw new IllegalStateException("no free channel on the broker connection: raise the broker's channel_max"
                    + " or lower JOB_CONCURRENCY");
        }
        channel = opened;
        opened.basicQos(prefetch);
        Subscription current = new Subscription(opened);
        subscription = current;
        opened.basicConsume(queue, false, name, current);
        subscribed = true;
        BatchControl control = () -> stopRequested;
        List<Delivery> batch = new ArrayList<>(maxBatch);
        while (!stopRequested) {
            Delivery first = current.deliveries.take();
            if (current.endReason != null) {
                throw new IllegalStateException(current.endReason);
            }
            if (first == WAKE_UP) {
                continue;
            }
            batch.add(first);
            current.deliveries.drainTo(batch, maxBatch - 1);
            batch.removeIf(delivery -> delivery == WAKE_UP);
            listener.onBatch(opened, queue, batch, control);
            batch.clear();
        }
    }

    /** Waits before the next attempt, and returns true when a stop was requested meanwhile. */
    private boolean stopRequestedWithin(Duration wait) {
        try {
            return stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.close();
        } catch (Exception e) {
            log.debug("Closing a consumer channel failed: {}", e.getMessage());
        }
    }

    /** The broker's side of the consumer: appends deliveries and notes why the subscription ended. */
    private static final class Subscription extends DefaultConsumer {

        private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        private volatile String endReason;

        private Subscription(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            deliveries.add(new Delivery(envelope, properties, body));
        }

        @Override
        public void handleCancel(String consumerTag) {
            end("the broker cancelled the subscription, as it does when the queue is deleted");
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
            end(signal.getMessage());
        }

        private void end(String reason) {
            endReason = reason;
            deliveries.add(WAKE_UP);
        }
    }
}
