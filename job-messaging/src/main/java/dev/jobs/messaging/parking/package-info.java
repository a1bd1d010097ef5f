/** The parking queue: messages that cannot be handled wait there with their reason until an operator re-drives them. */
package dev.jobs.messaging.parking;
