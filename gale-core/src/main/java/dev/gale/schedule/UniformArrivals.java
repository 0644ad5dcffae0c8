package dev.gale.schedule;

import dev.gale.plan.RateCurve;

/**
 * Evenly spaced arrivals: global arrival {@code i} is intended at the instant the rate's integral reaches
 * {@code i}. This stripe yields {@code i = stripe, stripe + stripes, ...}. Each time is computed from its
 * index alone, so rounding never accumulates.
 */
final class UniformArrivals implements FireTimes {
    private final RateCurve curve;
    private final long limit;
    private final int stripes;
    private long nextIndex;

    UniformArrivals(RateCurve curve, long limit, int stripe, int stripes) {
        this.curve = curve;
        this.limit = limit;
        this.stripes = stripes;
        this.nextIndex = stripe;
    }

    @Override
    public long next() {
        if (nextIndex >= limit) {
            return END;
        }
        long t = curve.timeOf(nextIndex);
        if (t == END) {
            return END;
        }
        nextIndex += stripes;
        return t;
    }
}
