/**
 * {@code ./jobs bench watch}: one worker process watches thousands of simulated RunPod runs at once, and the bench
 * reads its heap, check lateness, database writes and CPU while every run is in flight.
 */
package dev.jobs.bench.watch;
