/** Handlers every worker has besides the RunPod monitor. */
package dev.jobs.worker.builtin;
