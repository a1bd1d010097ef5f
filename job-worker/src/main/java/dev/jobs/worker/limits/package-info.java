/** Caps on how many handlers of one job type run at once across all workers. */
package dev.jobs.worker.limits;
