package dev.jobs.producer.service;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /queues}: the backlog of every job type, from the broker and the database. */
@RestController
public class QueueController {

    private final QueueStatusReader reader;

    QueueController(QueueStatusReader reader) {
        this.reader = reader;
    }

    @GetMapping("/queues")
    public QueueReport queues() {
        return reader.read();
    }
}
