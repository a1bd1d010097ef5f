/** Success and error callbacks fired from completion events, each exactly once per job. */
package dev.jobs.producer.callbacks;
