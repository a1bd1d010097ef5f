/** PostgreSQL storage: migrations, the jOOQ context and the repositories of job rows and outbox rows. */
package dev.jobs.store;
