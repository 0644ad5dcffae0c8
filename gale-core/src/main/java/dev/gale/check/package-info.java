/**
 * Judging a run against its plan's thresholds: every second on the merged interval snapshots (to stop a
 * run early when asked), and once at the end on the run's totals. No Netty here.
 */
package dev.gale.check;
