/** Recovery of jobs whose message was lost: the reconciler republishes them once. */
package dev.jobs.worker.recovery;
