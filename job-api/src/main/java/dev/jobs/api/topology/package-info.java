/** Names of the exchanges, queues and routing keys, all under one configurable prefix. */
package dev.jobs.api.topology;
