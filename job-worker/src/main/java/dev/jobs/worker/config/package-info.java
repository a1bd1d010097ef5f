/** The worker's validated settings and its Spring wiring. */
package dev.jobs.worker.config;
