/** Outbox rows: messages stored with the row change they announce and deleted once the broker confirmed them. */
package dev.jobs.store.outbox;
