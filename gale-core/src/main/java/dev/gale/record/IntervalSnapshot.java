package dev.gale.record;

import java.util.List;

/**
 * Everything measured during one reporting interval (normally one second), merged over event loops. Live
 * listeners receive it; the run keeps only its {@link TimelinePoint} summary.
 *
 * <p>The stats of a snapshot that a run's {@link Collector} made are the collector's own, filled again for the next
 * interval, and one empty {@link Stats} may stand for many requests: read them, never modify them, and only until
 * the next interval is taken (for a listener, while its call lasts). Keep a merge of them, or a {@link #copy()},
 * for later.
 *
 * @param index 0 for the first interval
 * @param startNanos interval start, nanoseconds since the run started
 * @param endNanos interval end, nanoseconds since the run started
 * @param phase the name of the phase that ran for most of the interval (the one at its midpoint)
 * @param warmup whether that phase is a warm-up
 * @param requests per request (in plan order), measured phases only
 * @param warmupRequests per request (in plan order), warm-up phases only
 * @param targets pool figures per target (in plan order) at the interval's end
 * @param offered the load offered in the interval to phases of its own kind ({@code warmup}): the arrivals the
 *     plan had due in it (their intended start from the instant the previous sample was due, or the end of a
 *     stall, up to the instant this one was due, when it was taken on time, else up to {@code endNanos}; none
 *     after a stop), exact for evenly spaced arrivals and expected for Poisson ones, whatever the generator
 *     managed to issue; where the plan has no such figure (a closed-model phase) the requests of its own kind
 *     issued, {@code ownTotal().scheduled()}
 * @param requestOffered per request (in plan order), its share of {@code offered}: by the request mix, or the
 *     requests of that name issued
 * @param otherOffered the load offered in the interval to phases of the other kind, as {@code offered}: 0 but
 *     where a stall of gale made the interval span a boundary between a warm-up and a measured phase (or in a
 *     closed-model phase, the other kind's requests issued in the interval), so that the intervals of each kind
 *     and the other kind's figures of the others add up to the load offered to that kind
 * @param otherRequestOffered per request (in plan order), its share of {@code otherOffered}
 * @param ownTotal the requests of the interval's own kind ({@link #own()}), summed: what its row of the timeline and
 *     the live views show. A {@link Stats} of its own, merged once for all who read it (the timeline, the live
 *     view, the progress lines), and kept past the next interval; read it, never modify it
 */
public record IntervalSnapshot(
        int index,
        long startNanos,
        long endNanos,
        String phase,
        boolean warmup,
        List<Stats> requests,
        List<Stats> warmupRequests,
        List<PoolLevels> targets,
        double offered,
        List<Double> requestOffered,
        double otherOffered,
        List<Double> otherRequestOffered,
        Stats ownTotal) {

    public IntervalSnapshot {
        requestOffered = List.copyOf(requestOffered);
        otherRequestOffered = List.copyOf(otherRequestOffered);
    }

    /** A snapshot whose {@link #ownTotal()} is merged here, once, from its requests of the interval's own kind. */
    public IntervalSnapshot(
            int index,
            long startNanos,
            long endNanos,
            String phase,
            boolean warmup,
            List<Stats> requests,
            List<Stats> warmupRequests,
            List<PoolLevels> targets,
            double offered,
            List<Double> requestOffered,
            double otherOffered,
            List<Double> otherRequestOffered) {
        this(
                index,
                startNanos,
                endNanos,
                phase,
                warmup,
                requests,
                warmupRequests,
                targets,
                offered,
                requestOffered,
                otherOffered,
                otherRequestOffered,
                sum(warmup ? warmupRequests : requests));
    }

    private static Stats sum(List<Stats> stats) {
        Stats s = new Stats();
        stats.forEach(s::add);
        return s;
    }

    /** This snapshot with stats of its own, copies: one to keep after the next interval is taken. */
    public IntervalSnapshot copy() {
        return new IntervalSnapshot(
                index,
                startNanos,
                endNanos,
                phase,
                warmup,
                requests.stream().map(Stats::copy).toList(),
                warmupRequests.stream().map(Stats::copy).toList(),
                targets,
                offered,
                requestOffered,
                otherOffered,
                otherRequestOffered,
                ownTotal.copy());
    }

    /** Per request, those of the interval's own kind: warm-up ones in a warm-up interval, else measured ones. */
    public List<Stats> own() {
        return warmup ? warmupRequests : requests;
    }

    /**
     * Per request, those of the other kind than the interval's ({@link #own()}): the warm-up's last responses in the
     * first measured interval, say.
     */
    public List<Stats> other() {
        return warmup ? requests : warmupRequests;
    }

    /** The load offered in the interval, of both kinds: {@link #offered} and {@link #otherOffered}. */
    public double allOffered() {
        return offered + otherOffered;
    }

    /**
     * All requests of the interval, measured and warm-up: what met the load offered in it ({@link #allOffered()}).
     * {@link #ownTotal()} itself when the interval holds no request of the other kind, as nearly every interval
     * does, else a new merge: with many request names, merging is most of what an interval costs. Read it, never
     * modify it.
     */
    public Stats total() {
        Stats s = ownTotal;
        for (Stats o : other()) {
            if (!o.isEmpty()) {
                s = s == ownTotal ? ownTotal.copy() : s;
                s.add(o);
            }
        }
        return s;
    }

    /**
     * True if the interval is no row of the timeline: it has no length and nothing in it, as the last one when the
     * run ended just as the sampler had taken a sample. Every record of the timeline leaves it out alike.
     */
    public boolean isEmptyInstant() {
        return endNanos <= startNanos && allOffered() == 0 && total().isEmpty();
    }

    /** Pool figures summed over targets. */
    public PoolLevels pools() {
        return targets.stream().reduce(PoolLevels.ZERO, PoolLevels::plus);
    }

    /** Length in seconds. */
    public double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
