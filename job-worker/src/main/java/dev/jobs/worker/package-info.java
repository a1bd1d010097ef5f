/** The worker process: consumes job messages, runs handlers, and records outcomes and events. */
package dev.jobs.worker;
