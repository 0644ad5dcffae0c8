package dev.gale.record;

/**
 * A target's connection-pool figures at one instant, summed over event loops.
 *
 * @param openConnections established connections
 * @param connecting connect attempts in progress
 * @param inFlight requests sent and not yet complete
 * @param queued requests waiting for a connection
 * @param connects connections established since the run started
 * @param connectFailures connect attempts that failed since the run started
 * @param closedAfterExtraBytes connections gale closed since the run started, that would have stayed open, because
 *     the target sent bytes beyond a complete response: more than its framing said, or a response no request
 *     asked for (after which gale cannot tell which response answers which request)
 */
public record PoolLevels(
        long openConnections,
        long connecting,
        long inFlight,
        long queued,
        long connects,
        long connectFailures,
        long closedAfterExtraBytes) {

    /** All zero. */
    public static final PoolLevels ZERO = new PoolLevels(0, 0, 0, 0, 0, 0, 0);

    /** The sum of two. */
    public PoolLevels plus(PoolLevels o) {
        return new PoolLevels(
                openConnections + o.openConnections,
                connecting + o.connecting,
                inFlight + o.inFlight,
                queued + o.queued,
                connects + o.connects,
                connectFailures + o.connectFailures,
                closedAfterExtraBytes + o.closedAfterExtraBytes);
    }

    /** Sums figures from several loops. */
    public static final class Builder {
        private long open;
        private long connecting;
        private long inFlight;
        private long queued;
        private long connects;
        private long connectFailures;
        private long closedAfterExtraBytes;

        void add(
                long open,
                long connecting,
                long inFlight,
                long queued,
                long connects,
                long connectFailures,
                long closedAfterExtraBytes) {
            this.open += open;
            this.connecting += connecting;
            this.inFlight += inFlight;
            this.queued += queued;
            this.connects += connects;
            this.connectFailures += connectFailures;
            this.closedAfterExtraBytes += closedAfterExtraBytes;
        }

        public PoolLevels build() {
            return new PoolLevels(open, connecting, inFlight, queued, connects, connectFailures, closedAfterExtraBytes);
        }
    }
}
