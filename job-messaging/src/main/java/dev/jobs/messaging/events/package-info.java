/** Completion events: built from the finished row and stored in the outbox in the same transaction. */
package dev.jobs.messaging.events;
