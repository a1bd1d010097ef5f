/** The handler contract: a handler gets a job's context and returns an outcome, or throws to request a retry. */
package dev.jobs.worker.handler;
