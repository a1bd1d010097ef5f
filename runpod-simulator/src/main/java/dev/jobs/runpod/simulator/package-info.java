/**
 * A local stand-in for RunPod's serverless job API whose jobs follow scripted scenarios, for tests and demos.
 */
package dev.jobs.runpod.simulator;
