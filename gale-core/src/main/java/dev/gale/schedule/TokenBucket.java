package dev.gale.schedule;

import dev.gale.plan.LoadModel;
import dev.gale.plan.RateCurve;

/**
 * Burst control for one stripe of an open-model phase: a token bucket of {@code capacity} tokens that
 * fills at {@value #CATCH_UP} times the plan's rate (measured on the rate curve's integral). Each request
 * that is due takes a token before it is sent; without one it waits, and its wait is measured, since
 * latency is counted from the intended start.
 *
 * <pre>{@code
 * tokens(t) = min(capacity, tokens(t0) + CATCH_UP * (N(t) - N(t0)) / stripes)     N: the rate's integral
 * }</pre>
 *
 * On schedule, requests use half the tokens that come in, so the bucket stays full and nothing waits. After a
 * pause (a generator stall), at most {@code capacity} late requests go at once; the rest follow at twice the
 * plan's rate until the schedule is caught up. No arrival is skipped or moved, so the long-run rate stays
 * exact. (A bucket filling at exactly the plan's rate would never catch up after a stall, and with Poisson
 * arrivals its backlog would grow without bound.) Past the phase's end it keeps filling as at the phase's
 * peak rate, so that arrivals still held back at the end are sent after it, as every due arrival is.
 *
 * <p>With {@code stripes} event loops, each loop holds {@code burst / stripes} tokens (at least one, and with
 * a tick at least one tick's arrivals). Starts full. Not thread-safe: owned by one event loop; allocates
 * nothing.
 */
public final class TokenBucket {
    /** How much faster than the plan's rate the bucket fills: the pace of catching up after a stall. */
    public static final double CATCH_UP = 2.0;

    private final RateCurve curve;
    /** The phase length in nanoseconds, or {@link Long#MAX_VALUE}. */
    private final long lengthNanos;
    /** The rate the bucket fills at (times {@link #CATCH_UP}) past the phase's end. */
    private final double afterEndPerSecond;

    private final double capacity;
    private final int stripes;
    private double tokens;
    /** How far the bucket has been filled, in {@link #arrivalsBy} units. */
    private double filledTo;

    private TokenBucket(RateCurve curve, long lengthNanos, double afterEndPerSecond, double capacity, int stripes) {
        this.curve = curve;
        this.lengthNanos = lengthNanos;
        this.afterEndPerSecond = afterEndPerSecond;
        this.capacity = capacity;
        this.stripes = stripes;
        this.tokens = capacity;
    }

    /**
     * The bucket of one stripe of an open-model phase, or {@code null} if the phase has no burst limit
     * ({@code burst == 0}).
     *
     * @param lengthNanos the phase length, or {@link Long#MAX_VALUE}
     */
    public static TokenBucket of(LoadModel.Open model, long lengthNanos, int stripe, int stripes) {
        if (model.burst() <= 0) {
            return null;
        }
        RateCurve curve = RateCurve.linear(model.startRatePerSecond(), model.endRatePerSecond(), lengthNanos);
        double peak = Math.max(model.startRatePerSecond(), model.endRatePerSecond());
        double capacity = Math.max(1.0, FireTimes.share(model.burst(), stripe, stripes));
        if (model.tickNanos() > 0) {
            // On a tick, a whole tick's arrivals are due at once while on schedule: the bucket must hold them,
            // or it would spread every batch out again and count the wait as lateness. A stripe's tick holds
            // about n = rate x tick / stripes arrivals: at most n + 1 when uniform, and a Poisson count stays
            // under n + 4 sqrt(n) + 1 in all but a few ticks in 100,000.
            double n = peak * model.tickNanos() / 1e9 / stripes;
            capacity = Math.max(capacity, Math.ceil(n + 4 * Math.sqrt(n) + 1));
        }
        return new TokenBucket(curve, lengthNanos, peak, capacity, stripes);
    }

    /** The most tokens this stripe's bucket holds. */
    public double capacity() {
        return capacity;
    }

    /** Takes one token at {@code phaseNanos} (time since the phase start) if there is one. */
    public boolean tryTake(long phaseNanos) {
        refill(phaseNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Nanoseconds from {@code phaseNanos} until a token will be there, or {@link Long#MAX_VALUE} if none
     * will ever come (a rate of 0). Tokens keep coming past the phase's end.
     */
    public long nanosUntilToken(long phaseNanos) {
        refill(phaseNanos);
        if (tokens >= 1) {
            return 0;
        }
        long at = instantOf(filledTo + (1 - tokens) * stripes / CATCH_UP);
        // A microsecond more, so that rounding never wakes the loop just before the token is there.
        return at == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, at - phaseNanos) + 1_000;
    }

    private void refill(long phaseNanos) {
        double n = arrivalsBy(phaseNanos);
        if (n > filledTo) {
            tokens = Math.min(capacity, tokens + CATCH_UP * (n - filledTo) / stripes);
            filledTo = n;
        }
    }

    /** The rate's integral up to {@code phaseNanos}, continued past the phase's end at the peak rate. */
    private double arrivalsBy(long phaseNanos) {
        if (phaseNanos <= lengthNanos) {
            return curve.cumulative(phaseNanos);
        }
        return curve.total() + afterEndPerSecond * ((phaseNanos - lengthNanos) / 1e9);
    }

    /** The instant {@link #arrivalsBy} reaches {@code n}, or {@link Long#MAX_VALUE} if it never does. */
    private long instantOf(double n) {
        long t = curve.timeOf(n);
        if (t != Long.MAX_VALUE || lengthNanos == Long.MAX_VALUE || afterEndPerSecond <= 0) {
            return t;
        }
        double afterEndNanos = Math.max(0, n - curve.total()) / afterEndPerSecond * 1e9;
        return lengthNanos + (long) Math.ceil(afterEndNanos);
    }
}
