/**
 * The end-to-end demo behind {@code ./jobs demo}: it starts the RunPod simulator, the producer HTTP service and
 * two workers as separate JVMs, starts a seeded mix of training runs on the simulator, watches each with a
 * {@code monitor-training-status} job, and checks that every job ends as its scenario defines and that every
 * callback fires exactly once.
 */
package dev.jobs.demo;
