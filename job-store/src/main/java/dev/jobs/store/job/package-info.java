/** Job rows and their conditional status transitions. */
package dev.jobs.store.job;
