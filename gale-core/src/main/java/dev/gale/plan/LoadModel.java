package dev.gale.plan;

/**
 * How load is offered during a phase: an arrival rate that does not wait for responses (open model), or a
 * number of connections each sending its next request when the previous one completes (closed model).
 */
public sealed interface LoadModel {

    /** True if the phase offers nothing at all: a rate, or connections, of 0 from its start to its end. */
    boolean isZero();

    /**
     * The open model: requests are sent at intended times computed from the rate alone, whether or not
     * earlier requests have completed. The rate moves linearly from {@code startRatePerSecond} to
     * {@code endRatePerSecond} over the phase; equal values give a constant rate.
     *
     * @param startRatePerSecond arrivals per second at the start of the phase; at least 0
     * @param endRatePerSecond arrivals per second at the end of the phase; at least 0
     * @param arrivals how arrivals are spaced
     * @param seed seed for {@link Arrivals#POISSON}; the same seed gives the same schedule
     * @param burst token-bucket capacity: after a pause, up to this many late requests may go at once;
     *     0 means no limit on catching up
     * @param tickNanos 0 to send every arrival at its own instant; otherwise the arrivals are sent on a
     *     clock of this period, those of each tick together at its start (which is then their intended
     *     start), the way h2load's {@code --rps} sends: fewer wake-ups, bursts at the target
     */
    record Open(
            double startRatePerSecond, double endRatePerSecond, Arrivals arrivals, long seed, int burst, long tickNanos)
            implements LoadModel {

        /** Arrivals each at its own instant (no tick). */
        public Open(double startRatePerSecond, double endRatePerSecond, Arrivals arrivals, long seed, int burst) {
            this(startRatePerSecond, endRatePerSecond, arrivals, seed, burst, 0);
        }

        /** A constant, uniformly spaced rate. */
        public static Open constant(double ratePerSecond) {
            return new Open(ratePerSecond, ratePerSecond, Arrivals.UNIFORM, 0, 0);
        }

        /** This model (arrivals, seed, burst, tick) with another rate, ramping from {@code start} to {@code end}. */
        public Open withRates(double start, double end) {
            return new Open(start, end, arrivals, seed, burst, tickNanos);
        }

        /** True if the rate does not change over the phase. */
        public boolean isConstant() {
            return startRatePerSecond == endRatePerSecond;
        }

        @Override
        public boolean isZero() {
            return startRatePerSecond == 0 && endRatePerSecond == 0;
        }
    }

    /**
     * The closed model: a number of connections ("virtual users"), each with one request in flight. The
     * number moves linearly from {@code startConnections} to {@code endConnections} over the phase.
     */
    record Closed(int startConnections, int endConnections) implements LoadModel {
        /** A fixed number of connections. */
        public static Closed connections(int connections) {
            return new Closed(connections, connections);
        }

        @Override
        public boolean isZero() {
            return startConnections == 0 && endConnections == 0;
        }
    }

    /** How open-model arrivals are spaced. */
    enum Arrivals {
        /** Evenly spaced: arrival i is sent at the instant the integral of the rate reaches i. */
        UNIFORM,
        /** A Poisson process with the given rate: exponentially distributed gaps, seeded. */
        POISSON
    }
}
