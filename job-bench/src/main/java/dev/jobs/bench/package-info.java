/** Benchmarks run with {@code ./jobs bench NAME}: each prints how it was run and its figures. */
package dev.jobs.bench;
