/** The RunPod-facing client API: start a training run and watch it until it ends. */
package dev.jobs.producer.runpod;
