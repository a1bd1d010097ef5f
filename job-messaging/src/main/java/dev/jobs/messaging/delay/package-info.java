/** Delays through dead-letter TTL queues: no thread, timer or memory is held while a message waits. */
package dev.jobs.messaging.delay;
