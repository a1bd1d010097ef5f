/**
 * The producer's HTTP service: submit, read, list, cancel and retry jobs, per-type queue figures, the OpenAPI
 * document at {@code /openapi.json}, optional API-key authentication, and RFC 9457 problem details for every error.
 */
package dev.jobs.producer.service;
