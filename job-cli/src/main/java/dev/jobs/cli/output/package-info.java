/** Human-readable tables and job summaries, and the {@code --json} output. */
package dev.jobs.cli.output;
