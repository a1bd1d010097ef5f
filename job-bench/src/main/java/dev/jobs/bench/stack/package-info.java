/**
 * Helpers that the workloads of {@code ./jobs bench} share: a workload's own database and prefix on the local PostgreSQL
 * and RabbitMQ ({@link dev.jobs.bench.stack.BenchStack}), worker processes started from the worker's executable
 * jar, a tap on the events exchange, and latency summaries.
 */
package dev.jobs.bench.stack;
