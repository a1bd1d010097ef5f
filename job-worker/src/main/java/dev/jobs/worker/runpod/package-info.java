/** Watching RunPod serverless jobs: the status client and the training monitor handler. */
package dev.jobs.worker.runpod;
