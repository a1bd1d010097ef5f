/**
 * Injected faults and rate limits: what the simulator returns instead of a job's normal status, so clients can
 * be tested against RunPod's outages, throttling and odd responses over real HTTP.
 */
package dev.jobs.runpod.simulator.fault;
