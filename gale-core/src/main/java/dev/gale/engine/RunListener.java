package dev.gale.engine;

import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;

/**
 * Hears about a run while it goes: once per interval, and when a target cannot be reached. Called from
 * the run's collector thread (intervals) or an event loop (connect failures): implementations must be
 * quick and must not block.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /** A listener that passes everything to each of {@code listeners}, in order. */
    static RunListener all(RunListener... listeners) {
        RunListener[] ls = listeners.clone();
        return new RunListener() {
            @Override
            public void onInterval(IntervalSnapshot snapshot) {
                for (RunListener l : ls) {
                    l.onInterval(snapshot);
                }
            }

            @Override
            public void onConnectFailure(Target target, ErrorKind kind, String detail) {
                for (RunListener l : ls) {
                    l.onConnectFailure(target, kind, detail);
                }
            }
        };
    }

    /** One interval (normally one second) has been measured. */
    default void onInterval(IntervalSnapshot snapshot) {}

    /** A connect attempt to {@code target} failed; may be called often for a dead target. */
    default void onConnectFailure(Target target, ErrorKind kind, String detail) {}
}
