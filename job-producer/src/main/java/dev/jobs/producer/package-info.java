/** The producer side: the Java client, completion callbacks and the HTTP service. */
package dev.jobs.producer;
