package dev.gale.schedule;

/**
 * The number of virtual users (connections) of a closed-model phase over time, moving linearly from
 * {@code start} to {@code end}, and each event loop's share of it. Immutable.
 */
public final class UserRamp {
    private final int start;
    private final int end;
    private final long lengthNanos;

    public UserRamp(int start, int end, long lengthNanos) {
        this.start = start;
        this.end = end;
        this.lengthNanos = lengthNanos;
    }

    /** Users wanted at {@code tNanos} after the phase start, over all loops. */
    public int usersAt(long tNanos) {
        if (start == end || lengthNanos == Long.MAX_VALUE) {
            return start;
        }
        double f = Math.min(1.0, Math.max(0.0, (double) tNanos / lengthNanos));
        return (int) Math.round(start + (end - start) * f);
    }

    /** This stripe's share of {@link #usersAt(long)}: shares differ by at most one and add up to the total. */
    public int usersAt(long tNanos, int stripe, int stripes) {
        return (int) FireTimes.share(usersAt(tNanos), stripe, stripes);
    }

    /** True if the number of users changes over the phase. */
    public boolean ramps() {
        return start != end && lengthNanos != Long.MAX_VALUE;
    }
}
