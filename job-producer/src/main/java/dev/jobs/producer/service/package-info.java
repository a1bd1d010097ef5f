/** The HTTP service: {@code POST /jobs} and {@code GET /jobs/{id}} with RFC 9457 problem details for bad input. */
package dev.jobs.producer.service;
