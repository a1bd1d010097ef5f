/** Settings read from the environment, validated once at start-up with every violation reported together. */
package dev.jobs.api.config;
