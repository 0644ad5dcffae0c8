package dev.gale.schedule;

import java.util.SplittableRandom;

/**
 * Poisson arrivals following a rate curve. A unit-rate Poisson process is mapped through the inverse of the
 * rate's integral (time change), which gives an inhomogeneous Poisson process with exactly that rate.
 *
 * <p>Each of the {@code stripes} loops runs an independent process at {@code 1/stripes} of the rate
 * (exponential gaps with mean {@code stripes} in integral units), seeded from the plan's seed and its stripe,
 * so the superposition is a Poisson process at the full rate and a run is reproducible.
 */
final class PoissonArrivals implements FireTimes {
    private final RateCurve curve;
    private final long limit;
    private final int stripe;
    private final int stripes;
    private final SplittableRandom random;
    private double position;
    private long count;

    PoissonArrivals(RateCurve curve, long seed, long limit, int stripe, int stripes) {
        this.curve = curve;
        this.limit = limit;
        this.stripe = stripe;
        this.stripes = stripes;
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stripe);
    }

    @Override
    public long next() {
        if (count >= limit) {
            return END;
        }
        // Exp(1) gap scaled by the number of stripes: 1 - u avoids log(0).
        position += -Math.log(1.0 - random.nextDouble()) * stripes;
        long t = curve.timeOf(position);
        if (t == END) {
            return END;
        }
        count++;
        return t;
    }

    @Override
    public long index() {
        // Poisson stripes are independent processes; a stripe-unique index keeps the request mix exact.
        return (count - 1) * stripes + stripe;
    }
}
