package dev.gale.record;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One interval of the run's timeline: what reports plot over time.
 *
 * <p>An interval's figures are those of its own kind ({@code warmup}): in a measured interval, its measured
 * requests alone, so that the measured intervals add up to the measured run as the summary gives it. A request
 * counts in the interval of the moment it was issued or ended, and its kind is its phase's, so an interval
 * may also hold requests of the other kind: the warm-up's last ones, answered in the first measured interval,
 * or a measured phase's last ones, answered in a cool-down's (a warm-up after it). Those are kept apart, in
 * {@link #otherKind}.
 *
 * @param startSeconds interval start, seconds since the run started
 * @param endSeconds interval end, seconds since the run started
 * @param phase the phase that ran for most of the interval
 * @param warmup whether that phase is a warm-up
 * @param total the requests of the interval of its {@code warmup} kind
 * @param requests per request name, in plan order, of the same kind as {@code total}; but of both kinds in a
 *     result written before the timeline kept the other kind apart, by a plan of several request names, which
 *     did not keep the other kind's counts per request name (its {@code total} and histograms are read of its
 *     own kind alone, and {@link #otherKind} has no {@link Crossover#requests()}: {@code JsonReport.fromJson})
 * @param pools pool figures summed over targets at the interval's end
 * @param responseTimeHistogram the response-time histogram of {@code total}, HdrHistogram's compressed base64
 *     form ({@link Histograms#encode})
 * @param serviceTimeHistogram the service-time histogram of {@code total}, in the same form; empty in results
 *     written before it existed
 * @param requestHistograms per request name (in plan order), the histograms of {@code requests}; empty when the
 *     plan has a single request name (the totals are its histograms) and in results written before they existed
 * @param offered the load offered in the interval to phases of its {@code warmup} kind ({@link
 *     IntervalSnapshot#offered()}): the arrivals the plan had due in it, or the requests of that kind issued where
 *     the plan has no such figure; the other kind's is in {@link #otherKind}. Results written before it existed
 *     are read with the requests issued, {@code total.scheduled()}, what they showed as offered; results written
 *     before {@link Crossover#offered()} existed counted both kinds here
 * @param requestOffered per request name (in plan order), its share of {@code offered}; empty only if made so
 *     by hand ({@link #offeredOf} then gives the requests issued)
 * @param targetPools pool figures per target (plan order) at the interval's end; empty when the plan has a single
 *     target ({@code pools} are its) and in results written before they existed
 * @param otherKind the requests of the interval that are not of its {@code warmup} kind, and the load offered to
 *     that kind, apart: in none of the figures above; null when there are none and none was offered (in every
 *     interval but those around a boundary between a warm-up and a measured phase) and in results written before
 *     it existed
 */
public record TimelinePoint(
        double startSeconds,
        double endSeconds,
        String phase,
        boolean warmup,
        Sample total,
        List<Sample> requests,
        PoolLevels pools,
        String responseTimeHistogram,
        String serviceTimeHistogram,
        List<IntervalHistograms> requestHistograms,
        double offered,
        List<Double> requestOffered,
        List<PoolLevels> targetPools,
        Crossover otherKind) {

    /**
     * The requests of an interval of the other kind than its phase: warm-up requests answered after the warm-up
     * ended, in the first measured interval; measured ones answered in a cool-down's first interval, or in an
     * interval that a stall of gale made span the boundary and whose midpoint lies in the warm-up; a request of
     * the next phase issued in the microseconds before the interval was cut. And the load offered to that kind in
     * the interval: none but where a stall of gale made the interval span the boundary (or in a closed-model phase,
     * where the requests issued stand for it).
     *
     * @param total the requests, summed
     * @param requests per request name (plan order); empty in a result written before the timeline kept the
     *     other kind apart, by a plan of several request names (see {@link TimelinePoint#requests()})
     * @param responseTimeHistogram their response-time histogram, encoded as the interval's
     * @param serviceTimeHistogram their service-time histogram
     * @param requestHistograms per request name (plan order) when the plan has several, else empty
     * @param offered the load offered to the other kind's phases in the interval ({@link
     *     IntervalSnapshot#otherOffered()}); 0 in results written before it existed, whose {@link
     *     TimelinePoint#offered()} counted it
     * @param requestOffered per request name (plan order), its share of {@code offered}; empty in results written
     *     before it existed
     */
    public record Crossover(
            Sample total,
            List<Sample> requests,
            String responseTimeHistogram,
            String serviceTimeHistogram,
            List<IntervalHistograms> requestHistograms,
            double offered,
            List<Double> requestOffered) {

        public Crossover {
            requests = requests == null ? List.of() : List.copyOf(requests);
            requestHistograms = requestHistograms == null ? List.of() : List.copyOf(requestHistograms);
            requestOffered = requestOffered == null ? List.of() : List.copyOf(requestOffered);
        }

        /** The load offered to request {@code i} (plan order) of this kind in the interval: 0 if not known. */
        public double offeredOf(int i) {
            return i < requestOffered.size() ? requestOffered.get(i) : 0;
        }
    }

    public TimelinePoint {
        serviceTimeHistogram = serviceTimeHistogram == null ? "" : serviceTimeHistogram;
        requestHistograms = requestHistograms == null ? List.of() : List.copyOf(requestHistograms);
        requestOffered = requestOffered == null ? List.of() : List.copyOf(requestOffered);
        targetPools = targetPools == null ? List.of() : List.copyOf(targetPools);
    }

    /**
     * The pool figures of target {@code t} (plan order) at the interval's end: its own where the plan has several
     * targets ({@link #targetPools()}), else {@link #pools()}, which are its.
     */
    public PoolLevels poolsOf(int t) {
        return targetPools.isEmpty() ? pools : targetPools.get(t);
    }

    /** Summarises an interval: its own kind's requests, and the other kind's apart. */
    public static TimelinePoint of(IntervalSnapshot s) {
        Stats total = s.ownTotal();
        List<Stats> perRequest = s.own();
        return new TimelinePoint(
                s.startNanos() / 1e9,
                s.endNanos() / 1e9,
                s.phase(),
                s.warmup(),
                Sample.of(total),
                perRequest.stream().map(Sample::of).toList(),
                s.pools(),
                Histograms.encode(total.responseTime()),
                Histograms.encode(total.serviceTime()),
                perRequest.size() > 1
                        ? perRequest.stream().map(IntervalHistograms::of).toList()
                        : List.of(),
                s.offered(),
                s.requestOffered(),
                s.targets().size() > 1 ? s.targets() : List.of(),
                otherKindOf(s, perRequest.size() > 1));
    }

    /**
     * The requests of {@code s} that are not of its kind ({@link IntervalSnapshot#warmup()}), summed; null when
     * there are none.
     */
    public static Stats otherKindStats(IntervalSnapshot s) {
        // Nearly every interval has none: no merge (three hour-long histograms) to find that out.
        if (s.other().stream().allMatch(Stats::isEmpty)) {
            return null;
        }
        Stats other = new Stats();
        s.other().forEach(other::add);
        return other;
    }

    private static Crossover otherKindOf(IntervalSnapshot s, boolean perRequest) {
        Stats other = otherKindStats(s);
        if (other == null && s.otherOffered() == 0) {
            return null;
        }
        // Load offered to the other kind with none of its requests: a stall of gale across the boundary.
        other = other == null ? new Stats() : other;
        return new Crossover(
                Sample.of(other),
                s.other().stream().map(Sample::of).toList(),
                Histograms.encode(other.responseTime()),
                Histograms.encode(other.serviceTime()),
                perRequest ? s.other().stream().map(IntervalHistograms::of).toList() : List.of(),
                s.otherOffered(),
                s.otherRequestOffered());
    }

    /**
     * The requests issued in the interval, of both kinds: what the load offered in it ({@link #allOffered()}) was
     * met with.
     */
    public long issued() {
        return total.scheduled() + (otherKind == null ? 0 : otherKind.total().scheduled());
    }

    /**
     * The response times of the interval's own kind ({@link #warmup}), decoded; null in results written before the
     * timeline kept its histogram. A new histogram each call.
     */
    public Histogram ownResponseTime() {
        return decode(responseTimeHistogram);
    }

    /** The service times of the interval's own kind, as {@link #ownResponseTime()}. */
    public Histogram ownServiceTime() {
        return decode(serviceTimeHistogram);
    }

    /**
     * The own kind's histograms of request {@code i} (plan order), as {@link #ownResponseTime()}: [response time,
     * service time]; only where the plan has several request names ({@link #requestHistograms}).
     */
    public Histogram[] ownRequest(int i) {
        return new Histogram[] {ownRequest(i, 0), ownRequest(i, 1)};
    }

    /** One of {@link #ownRequest(int)}'s histograms, decoded alone: {@code kind} 0 for response time, 1 for service. */
    public Histogram ownRequest(int i, int kind) {
        IntervalHistograms h = requestHistograms.get(i);
        return decode(kind == 0 ? h.responseTime() : h.serviceTime());
    }

    private static Histogram decode(String encoded) {
        return encoded == null || encoded.isEmpty() ? null : Histograms.decode(encoded);
    }

    /** The load offered in the interval, of both kinds: {@link #offered} and the other kind's. */
    public double allOffered() {
        return offered + (otherKind == null ? 0 : otherKind.offered());
    }

    /** The load offered to request {@code i} (plan order) in the interval: see {@link #requestOffered}. */
    public double offeredOf(int i) {
        return i < requestOffered.size()
                ? requestOffered.get(i)
                : requests.get(i).scheduled();
    }

    /** Length in seconds. */
    public double seconds() {
        return endSeconds - startSeconds;
    }
}
