package dev.gale.schedule;

import dev.gale.plan.LoadModel;
import dev.gale.plan.RateCurve;

/**
 * A monotonic sequence of intended send times, in nanoseconds since the phase started. Not thread-safe:
 * each event loop owns its own sequence, a stripe of the global one.
 *
 * <p>With {@code stripes} event loops, loop {@code s} gets global arrivals {@code s, s + stripes, ...}
 * (uniform), or an independent Poisson process at {@code 1/stripes} of the rate (Poisson); either way the
 * union of all stripes is exactly the global schedule. With a tick ({@link LoadModel.Open#tickNanos}), every
 * time is moved back to the start of its tick.
 */
public interface FireTimes {
    /** Returned by {@link #next()} when the sequence is exhausted. */
    long END = Long.MAX_VALUE;

    /** The next intended send time, or {@link #END}. Each call advances the sequence. */
    long next();

    /**
     * The fire times of one stripe of an open-model phase.
     *
     * @param model the phase's load model
     * @param lengthNanos the phase length, or {@link Long#MAX_VALUE} if it is bounded by requests only
     * @param maxRequests global arrival limit for the phase; 0 for none
     * @param stripe this loop's index, {@code 0 <= stripe < stripes}
     * @param stripes the number of event loops
     */
    static FireTimes of(LoadModel.Open model, long lengthNanos, long maxRequests, int stripe, int stripes) {
        return of(model, lengthNanos, maxRequests, 0, stripe, stripes);
    }

    /**
     * The fire times of one stripe of the open-model phase {@code phase} (from 0) of a plan. Poisson arrivals
     * draw from a stream of their own for each phase and stripe, all from the one seed: phases with the same
     * load do not repeat each other's arrivals.
     */
    static FireTimes of(LoadModel.Open model, long lengthNanos, long maxRequests, int phase, int stripe, int stripes) {
        RateCurve curve = RateCurve.linear(model.startRatePerSecond(), model.endRatePerSecond(), lengthNanos);
        long limit = maxRequests > 0 ? maxRequests : Long.MAX_VALUE;
        FireTimes exact = switch (model.arrivals()) {
            case UNIFORM -> new UniformArrivals(curve, limit, stripe, stripes);
            case POISSON ->
                new PoissonArrivals(
                        curve, model.seed(), share(limit, stripe, stripes), phase * stripes + stripe, stripes);
        };
        return model.tickNanos() > 0 ? ticked(exact, model.tickNanos()) : exact;
    }

    /**
     * {@code exact} on a clock of period {@code tickNanos}: each time moves back to the start of its tick,
     * so the arrivals of {@code [k * tick, (k + 1) * tick)} all fall on {@code k * tick}. Every stripe ticks
     * on the same instants, the count up to the end of each tick is the exact one, and no time moves past
     * the phase's end.
     */
    static FireTimes ticked(FireTimes exact, long tickNanos) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tick must be > 0, got " + tickNanos + "ns");
        }
        return () -> {
            long t = exact.next();
            return t == END ? END : t - t % tickNanos;
        };
    }

    /** How many of {@code total} items stripe {@code stripe} of {@code stripes} gets: they differ by at most 1. */
    static long share(long total, int stripe, int stripes) {
        if (total == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return total / stripes + (stripe < total % stripes ? 1 : 0);
    }
}
