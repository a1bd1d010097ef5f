/**
 * Read-only queries for operators: job listings with filters and keyset pagination, and per-type counts of
 * unfinished jobs. Nothing here changes a row.
 */
package dev.jobs.store.query;
