/** The {@code jobs} command line and its exit codes. */
package dev.jobs.cli;
