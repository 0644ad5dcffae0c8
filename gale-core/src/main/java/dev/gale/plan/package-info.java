/**
 * What to run: targets, requests, the load model and its phases, and thresholds. Immutable records, built
 * by the CLI, a plan file or the Java API, and validated before any connection opens. A phase's rate over
 * time is a {@link RateCurve}: the schedule places arrivals by it and the plan computes a phase's length with
 * it, so that the plan, the engine and every report agree on when a phase ends.
 */
package dev.gale.plan;
