/** Publishing outbox rows after commit, and the relay that republishes rows whose publish was not confirmed. */
package dev.jobs.messaging.outbox;
