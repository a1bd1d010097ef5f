package dev.jobs.demo;

import dev.jobs.api.JobStatus;
import dev.jobs.producer.callbacks.JobManager;
import dev.jobs.producer.client.JobView;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Prints one line of job counts per status and of callbacks so far, from one query over all demo jobs. */
final class ProgressReporter {

    private final JobManager manager;
    private final CallbackLedger ledger;
    private final PrintStream out;

    ProgressReporter(JobManager manager, CallbackLedger ledger, PrintStream out) {
        this.manager = manager;
        this.ledger = ledger;
        this.out = out;
    }

    void report(Duration elapsed, List<SubmittedJob> jobs) {
        List<UUID> ids = jobs.stream().map(SubmittedJob::jobId).toList();
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        for (JobView view : manager.client().getAll(ids)) {
            counts.merge(view.status(), 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder(String.format("[%4ds]", elapsed.toSeconds()));
        for (JobStatus status : JobStatus.values()) {
            int count = counts.getOrDefault(status, 0);
            // Nothing in the demo cancels jobs, so the column shows up only when something did.
            if (status != JobStatus.CANCELLED || count > 0) {
                line.append(String.format(" %s %2d ", status.wireName(), count));
            }
        }
        line.append(String.format(" callbacks %d/%d", ledger.jobsCalledBack(), jobs.size()));
        out.println(line);
    }
}
