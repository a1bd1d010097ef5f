/** Publishing that waits for the broker's confirm and treats a nack or an unroutable message as an error. */
package dev.jobs.messaging.publish;
