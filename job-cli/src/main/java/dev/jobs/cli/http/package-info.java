/** The HTTP client of the producer service, with failures sorted by exit code. */
package dev.jobs.cli.http;
