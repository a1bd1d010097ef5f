/** The choice between the plain and the JSON log format. */
package dev.jobs.messaging.logging;
