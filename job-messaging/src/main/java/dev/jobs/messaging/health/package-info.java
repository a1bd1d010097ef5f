/** Whether the broker can be reached, for health endpoints. */
package dev.jobs.messaging.health;
