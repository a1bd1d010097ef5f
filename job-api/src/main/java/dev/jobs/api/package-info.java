/** The wire contract shared by producers, workers and subscribers: statuses, options and errors. */
package dev.jobs.api;
