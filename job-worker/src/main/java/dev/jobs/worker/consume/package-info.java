/** Consuming job messages: turning a delivery into one row change plus at most one message, then the ack. */
package dev.jobs.worker.consume;
