/**
 * Turning results into something to read: the text summary, JSON, progress lines. Reporters read
 * {@link dev.gale.record.RunResult} and {@link dev.gale.record.IntervalSnapshot}s, never the engine.
 */
package dev.gale.report;
