package dev.jobs.worker.consume;

import dev.jobs.api.InvalidJobException;
import dev.jobs.api.config.JobSettings;
import dev.jobs.api.message.JobMessage;
import dev.jobs.api.types.JobTypeRegistry;
import dev.jobs.api.types.MonitorTrainingPayload;
import dev.jobs.store.job.JobRepository;
import dev.jobs.store.job.JobRow;
import dev.jobs.store.job.NewJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the row of a job whose message was published straight to the work exchange by a producer in another
 * language. The row takes the worker's defaults for attempts, delays and timeout; creating it is idempotent by job
 * id, so redelivered copies find the same row.
 */
public final class ForeignJobs {

    private static final Logger log = LoggerFactory.getLogger(ForeignJobs.class);

    private final JobRepository jobs;
    private final JobTypeRegistry types;
    private final JobSettings defaults;

    public ForeignJobs(JobRepository jobs, JobTypeRegistry types, JobSettings defaults) {
        this.jobs = jobs;
        this.types = types;
        this.defaults = defaults;
    }

    /** @throws InvalidJobException when the payload breaks its type's rule */
    public JobRow store(JobMessage message) {
        types.validateIfKnown(message.type(), message.payload());
        NewJob job = new NewJob(message.jobId(), message.type(), message.payload().toString(), defaults.retryAttempts() + 1,
                defaults.retryDelay(), defaults.timeout(), defaults.pollInterval(),
                MonitorTrainingPayload.runpodJobIdOf(message.type(), message.payload()), null, null);
        JobRow row = jobs.insertIfAbsent(job);
        log.info("Job(id={}, type={}) had no row; stored it from the message", row.id(), row.type());
        return row;
    }
}
