/** Job metrics on Micrometer: counters, timers and gauges named {@code jobs.*}. */
package dev.jobs.messaging.metrics;
