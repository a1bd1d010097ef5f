/**
 * Simulated jobs, whose status at any moment is derived from their scenario and a clock.
 */
package dev.jobs.runpod.simulator.job;
