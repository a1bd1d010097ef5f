/** Declaring the exchanges and queues: work, delay, events and parking. */
package dev.jobs.messaging.topology;
