package dev.gale.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One target's connection-pool figures on one event loop: current levels and cumulative connect counts.
 * Single writer (the event loop), any number of readers; stores are opaque, so readers see recent values
 * without a lock.
 */
public final class PoolGauges {
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);

    static final int OPEN = 0;
    static final int CONNECTING = 1;
    static final int IN_FLIGHT = 2;
    static final int QUEUED = 3;
    static final int CONNECTS = 4;
    static final int CONNECT_FAILURES = 5;
    static final int CLOSED_AFTER_EXTRA_BYTES = 6;
    static final int LENGTH = 7;

    private final long[] values = new long[LENGTH];

    private void set(int index, long value) {
        VALUES.setOpaque(values, index, value);
    }

    long get(int index) {
        return (long) VALUES.getOpaque(values, index);
    }

    /** Writer: the current numbers of open and connecting connections, in-flight and queued requests. */
    public void levels(int open, int connecting, int inFlight, int queued) {
        set(OPEN, open);
        set(CONNECTING, connecting);
        set(IN_FLIGHT, inFlight);
        set(QUEUED, queued);
    }

    /** Writer: a connection was established. */
    public void connected() {
        set(CONNECTS, values[CONNECTS] + 1);
    }

    /** Writer: a connect attempt failed. */
    public void connectFailed() {
        set(CONNECT_FAILURES, values[CONNECT_FAILURES] + 1);
    }

    /**
     * Writer: gale closed a connection that would have stayed open, because the target sent bytes beyond a complete
     * response ({@link PoolLevels#closedAfterExtraBytes}).
     */
    public void closedAfterExtraBytes() {
        set(CLOSED_AFTER_EXTRA_BYTES, values[CLOSED_AFTER_EXTRA_BYTES] + 1);
    }

    /** Adds this loop's figures into {@code into}. */
    public void addTo(PoolLevels.Builder into) {
        into.add(
                get(OPEN),
                get(CONNECTING),
                get(IN_FLIGHT),
                get(QUEUED),
                get(CONNECTS),
                get(CONNECT_FAILURES),
                get(CLOSED_AFTER_EXTRA_BYTES));
    }
}
