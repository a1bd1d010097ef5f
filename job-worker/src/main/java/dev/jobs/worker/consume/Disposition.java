package dev.jobs.worker.consume;

/** The consumer's decision about a delivery once it was processed. */
public sealed interface Disposition {

    /** The work is recorded: acknowledge. */
    record Ack() implements Disposition {
    }

    /** The message cannot be handled: park it in the dead queue with the reason, then acknowledge. */
    record Park(String reason) implements Disposition {
    }

    /** Nothing could be recorded (database or broker unreachable): return it to the queue. */
    record Requeue(String reason, String routingKey) implements Disposition {
    }

    Disposition ACK = new Ack();
}
