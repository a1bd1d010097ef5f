/** SQL building blocks shared by the repositories. */
package dev.jobs.store.sql;
