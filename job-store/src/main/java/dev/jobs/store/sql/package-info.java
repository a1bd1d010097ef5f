/** SQL building blocks shared by the repositories: parallel arrays as parameters, and statements of fixed text run through JDBC. */
package dev.jobs.store.sql;
