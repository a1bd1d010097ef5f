/** The JSON messages on the wire: the job message on the work exchange and the event on the events exchange. */
package dev.jobs.api.message;
