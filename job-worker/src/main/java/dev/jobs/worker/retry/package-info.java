/** When to retry a failed attempt: exponential backoff with jitter, bounded by the job's deadline. */
package dev.jobs.worker.retry;
