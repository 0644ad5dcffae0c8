package dev.gale.schedule;

import dev.gale.plan.RateCurve;
import java.util.SplittableRandom;

/**
 * Poisson arrivals following a rate curve. A unit-rate Poisson process is mapped through the inverse of the
 * rate's integral (time change), which gives an inhomogeneous Poisson process with exactly that rate.
 *
 * <p>Each of the {@code stripes} loops runs an independent process at {@code 1/stripes} of the rate
 * (exponential gaps with mean {@code stripes} in integral units), seeded from the plan's seed, its phase and its stripe,
 * so the superposition is a Poisson process at the full rate and a run is reproducible.
 */
final class PoissonArrivals implements FireTimes {
    private final RateCurve curve;
    private final long limit;
    private final int stripes;
    private final SplittableRandom random;
    private double position;
    private long count;

    /**
     * @param stream which of the seed's independent streams to draw from: one per phase and stripe, so that
     *     no two of them repeat each other
     */
    PoissonArrivals(RateCurve curve, long seed, long limit, int stream, int stripes) {
        this.curve = curve;
        this.limit = limit;
        this.stripes = stripes;
        this.random = stream(seed, stream);
    }

    /**
     * Random stream {@code number}: the generator split off one seeded with {@code seed} after {@code number}
     * others, so that every seed and every stream number has its own independent stream. (Seeding with {@code seed * 0x9E37...}
     * instead, SplittableRandom's own increment, made seed {@code n + 1}'s stream that of seed {@code n} one
     * draw later: every seed gave nearly the same schedule.)
     */
    private static SplittableRandom stream(long seed, int number) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom r = root.split();
        for (int i = 0; i < number; i++) {
            r = root.split();
        }
        return r;
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
}
