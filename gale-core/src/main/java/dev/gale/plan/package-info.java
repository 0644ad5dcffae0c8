/**
 * What to run: targets, requests, the load model and its phases, and thresholds. Immutable records, built
 * by the CLI, a plan file or the Java API, and validated before any connection opens.
 */
package dev.gale.plan;
