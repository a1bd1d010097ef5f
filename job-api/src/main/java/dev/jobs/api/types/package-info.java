/** Job types known to producers and workers, and the payload rules of each. */
package dev.jobs.api.types;
