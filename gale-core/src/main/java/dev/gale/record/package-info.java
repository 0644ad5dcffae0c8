/**
 * What was measured: per event loop and per request name, HdrHistograms of response time (from the
 * intended start), service time (from the actual send) and schedule lag, and counters by status code and
 * error kind. Recorders have a single writer (their event loop) and are read once a second into mergeable
 * snapshots. No Netty here.
 */
package dev.gale.record;
