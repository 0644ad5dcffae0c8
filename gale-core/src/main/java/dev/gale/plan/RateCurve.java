package dev.gale.plan;

/**
 * An arrival rate that moves linearly from {@code startPerSecond} to {@code endPerSecond} over a phase of
 * {@code lengthNanos}, and the exact integral of it.
 *
 * <pre>{@code
 * r(t) = r0 + k t                  with k = (r1 - r0) / T
 * N(t) = r0 t + k t^2 / 2          expected arrivals by time t
 * N^-1(n) = 2n / (r0 + sqrt(r0^2 + 2kn))    the instant N reaches n (stable for k near 0)
 * }</pre>
 *
 * Arrival {@code i} (from 0) is intended at {@code N^-1(i)}, so a ramp neither drifts nor bursts: the count
 * sent by any instant differs from the integral by less than one. A phase at a rate of 0 throughout has no
 * arrival, not even arrival 0. Immutable.
 */
public final class RateCurve {
    private static final double NANOS = 1e9;

    private final double r0;
    private final double k;
    private final double lengthSeconds;
    private final double lengthNanos;

    private RateCurve(double startPerSecond, double endPerSecond, long lengthNanos) {
        this.r0 = startPerSecond;
        this.lengthSeconds = lengthNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : lengthNanos / NANOS;
        this.lengthNanos = lengthNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : lengthNanos;
        this.k = startPerSecond == endPerSecond ? 0 : (endPerSecond - startPerSecond) / lengthSeconds;
    }

    /** A constant rate, unbounded in time. */
    public static RateCurve constant(double perSecond) {
        return new RateCurve(perSecond, perSecond, Long.MAX_VALUE);
    }

    /**
     * A linear ramp over {@code lengthNanos}; a constant rate when the two rates are equal.
     *
     * @param lengthNanos the phase length; {@link Long#MAX_VALUE} for unbounded (constant rates only)
     */
    public static RateCurve linear(double startPerSecond, double endPerSecond, long lengthNanos) {
        if (startPerSecond != endPerSecond && lengthNanos == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a ramp needs a finite length");
        }
        return new RateCurve(startPerSecond, endPerSecond, lengthNanos);
    }

    /** The rate at {@code tNanos} after the phase start, in arrivals per second. */
    public double rateAt(long tNanos) {
        return r0 + k * Math.min(tNanos / NANOS, lengthSeconds);
    }

    /** Expected arrivals between the phase start and {@code tNanos}: the integral of the rate. */
    public double cumulative(long tNanos) {
        double t = Math.min(tNanos / NANOS, lengthSeconds);
        return r0 * t + k * t * t / 2;
    }

    /**
     * How many of the evenly spaced arrivals ({@code i = 0, 1, ...}, arrival {@code i} at {@link #timeOf}
     * {@code (i)}) are intended before {@code tNanos} after the phase start: the first {@code n} with {@code
     * timeOf(n) >= tNanos}. Exact, rounding of {@link #timeOf} included; 0 for {@code tNanos <= 0}, and the
     * phase's every arrival from its end on. At most {@code |cumulative(tNanos) - n| < 1}.
     */
    public long arrivalsBefore(long tNanos) {
        if (tNanos <= 0) {
            return 0;
        }
        // The integral is within one of the count; the two loops step over rounding, a step or two.
        long n = (long) Math.ceil(cumulative(tNanos));
        while (n > 0 && timeOf(n - 1) >= tNanos) {
            n--;
        }
        while (timeOf(n) < tNanos) {
            n++;
        }
        return n;
    }

    /** Expected arrivals over the whole phase; infinite if the phase is unbounded and the rate positive. */
    public double total() {
        if (Double.isInfinite(lengthSeconds)) {
            return r0 > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return r0 * lengthSeconds + k * lengthSeconds * lengthSeconds / 2;
    }

    /**
     * The instant, in nanoseconds from the phase start, at which the integral reaches {@code n}; or
     * {@link Long#MAX_VALUE} if it never does within the phase.
     */
    public long timeOf(double n) {
        if (n <= 0) {
            // Arrival 0 comes at the start, unless the rate is 0 all through: then there is no arrival at all.
            return r0 > 0 || k > 0 ? 0 : Long.MAX_VALUE;
        }
        // Scale to nanoseconds before dividing: n * 1e9 is exact in a double (for n below 4.6e9), so one
        // rounding step remains and an instant that is a whole nanosecond, such as 1001 / 1000 s, is exact.
        // Dividing first (n / r0 * 1e9) rounds twice and truncates 1.001 s to 1000999999 ns.
        double nanos;
        if (k == 0) {
            if (r0 <= 0) {
                return Long.MAX_VALUE;
            }
            nanos = n * NANOS / r0;
        } else {
            double disc = r0 * r0 + 2 * k * n;
            if (disc < 0) {
                return Long.MAX_VALUE;
            }
            double denominator = r0 + Math.sqrt(disc);
            if (denominator <= 0) {
                return Long.MAX_VALUE;
            }
            nanos = 2 * n * NANOS / denominator;
        }
        if (nanos >= lengthNanos || nanos >= Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return (long) nanos;
    }
}
