package dev.jobs.store.query;

import java.time.Duration;

/**
 * Unfinished jobs of one type, as of one query.
 *
 * @param pending          pending jobs, including those scheduled for later
 * @param scheduled        pending jobs whose {@code run_at} is still in the future
 * @param oldestPendingAge how long the longest-waiting pending job has been due, or {@code null} when none is due;
 *                         a scheduled job counts from its {@code run_at}, any other from its {@code created_at}
 * @param running          running jobs
 * @param delayed          running jobs whose next check is in the future, so their message waits in a delay queue
 * @param overdue          running jobs whose next check is older than the overdue margin of the query
 */
public record TypeStatistics(String type, long pending, long scheduled, Duration oldestPendingAge, long running,
                             long delayed, long overdue) {
}
