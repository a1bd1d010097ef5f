/**
 * {@code ./jobs bench throughput}: drain and latency workloads against the real stack (PostgreSQL, RabbitMQ and
 * worker processes started from the worker's executable jar), printed and written in the peers harness's JSON shape.
 */
package dev.jobs.bench.throughput;
