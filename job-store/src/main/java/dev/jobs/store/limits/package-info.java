/** Slots that cap how many handlers of one job type run at once across all workers, and retention deletes. */
package dev.jobs.store.limits;
