/**
 * HTTP handlers and filters for the RunPod-compatible API and the simulator's control API.
 */
package dev.jobs.runpod.simulator.http;
