/** Isolated services for tests: a database and a name prefix of their own on the configured or local servers. */
package dev.jobs.testing;
