package dev.jobs.messaging.publish;

/** The broker returned a {@code mandatory} message because no queue is bound for its routing key. */
public class UnroutableMessageException extends PublishFailedException {

    public UnroutableMessageException(String message) {
        super(message);
    }
}
