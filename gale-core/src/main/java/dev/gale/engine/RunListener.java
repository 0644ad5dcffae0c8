package dev.gale.engine;

import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import java.time.Instant;

/**
 * Hears about a run while it goes: when it starts, once per interval, and when a target cannot be reached.
 * Called from the run's own thread (start), the run's collector thread (intervals) or an event loop (connect
 * failures): implementations must be quick, must not block and must not throw. A snapshot is
 * shared by every listener: read it, never modify it, and read its stats during the call only, as the run's
 * collector fills them again for the next interval (keep a merge of them, or {@link IntervalSnapshot#copy()}).
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /** A listener that passes everything to each of {@code listeners}, in order. */
    static RunListener all(RunListener... listeners) {
        RunListener[] ls = listeners.clone();
        return new RunListener() {
            @Override
            public void onStart(Instant startedAt) {
                for (RunListener l : ls) {
                    l.onStart(startedAt);
                }
            }

            @Override
            public void onInterval(IntervalSnapshot snapshot) {
                for (RunListener l : ls) {
                    l.onInterval(snapshot);
                }
            }

            @Override
            public void onLastInterval(IntervalSnapshot snapshot) {
                for (RunListener l : ls) {
                    l.onLastInterval(snapshot);
                }
            }

            @Override
            public void onConnectFailure(Target target, ErrorKind kind, String detail) {
                for (RunListener l : ls) {
                    l.onConnectFailure(target, kind, detail);
                }
            }

            @Override
            public void onProtocolError(Target target, String detail) {
                for (RunListener l : ls) {
                    l.onProtocolError(target, detail);
                }
            }

            @Override
            public void onStop(long atNanos) {
                for (RunListener l : ls) {
                    l.onStop(atNanos);
                }
            }
        };
    }

    /**
     * The run's clock has started: {@code startedAt} is the wall-clock instant of its time 0, from which
     * snapshot times count (the result's {@code startedAt}). Called once, once the connections the load starts
     * with are open, as the event loops start and before the first interval; for a run stopped while they were
     * being opened, just before {@link #onStop onStop(0)}, with no interval after it.
     */
    default void onStart(Instant startedAt) {}

    /** One interval (normally one second) has been measured. */
    default void onInterval(IntervalSnapshot snapshot) {}

    /**
     * The run's last interval has been measured: what ended after the last whole interval (often a short
     * tail), or what a stop left. As {@link #onInterval} unless a listener shows the end differently.
     */
    default void onLastInterval(IntervalSnapshot snapshot) {
        onInterval(snapshot);
    }

    /** A connect attempt to {@code target} failed; may be called often for a dead target. */
    default void onConnectFailure(Target target, ErrorKind kind, String detail) {}

    /**
     * {@code target} sent what is not HTTP, or bytes nobody asked for: {@code detail} says what (the request is
     * counted as a {@code protocol} error, or the connection closed). May be called often; on an event loop.
     */
    default void onProtocolError(Target target, String detail) {}

    /**
     * The run was stopped early (Ctrl-C, or a failed abort threshold), {@code atNanos} after its time 0: from
     * then on nothing more is scheduled, though the plan had more. Called at most once, on the thread that
     * stopped the run, before the intervals that follow.
     */
    default void onStop(long atNanos) {}
}
