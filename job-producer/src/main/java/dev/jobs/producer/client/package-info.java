/** Submitting jobs and reading them back: the row and its first message are stored together, then published. */
package dev.jobs.producer.client;
