/** Deleting finished jobs once they are older than the retention period. */
package dev.jobs.worker.retention;
