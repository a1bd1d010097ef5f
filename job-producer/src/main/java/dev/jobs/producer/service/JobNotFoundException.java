package dev.jobs.producer.service;

import java.util.UUID;

/** No job row has the requested id. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(UUID id) {
        super("No job with id " + id);
    }
}
