/** One class per {@code jobs} subcommand. */
package dev.jobs.cli.commands;
