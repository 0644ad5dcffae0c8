package dev.gale.record;

import java.util.List;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * One interval of the run's timeline: what reports plot over time.
 *
 * @param startSeconds interval start, seconds since the run started
 * @param endSeconds interval end, seconds since the run started
 * @param phase the phase that ran for most of the interval
 * @param warmup whether that phase is a warm-up
 * @param total all requests of the interval (measured and warm-up)
 * @param requests per request name, in plan order
 * @param pools pool figures summed over targets at the interval's end
 * @param responseTimeHistogram the total response-time histogram of the interval, HdrHistogram's compressed
 *     base64 form ({@link Histograms#encode})
 * @param serviceTimeHistogram the total service-time histogram of the interval, in the same form; empty in
 *     results written before it existed
 * @param requestHistograms per request name (in plan order), the interval's histograms; empty when the plan
 *     has a single request name (the totals are its histograms) and in results written before they existed
 * @param offered the load offered in the interval ({@link IntervalSnapshot#offered()}): the arrivals the plan had
 *     due in it, or the requests issued where the plan has no such figure; results written before it existed
 *     are read with the requests issued, {@code total.scheduled()}, what they showed as offered
 * @param requestOffered per request name (in plan order), its share of {@code offered}; empty only if made so
 *     by hand ({@link #offeredOf} then gives the requests issued)
 * @param crossover the requests of the interval that are not of its {@code warmup} kind, already counted in
 *     {@code total}, {@code requests} and the histograms above; null when there are none (in every interval but
 *     those around the warm-up's end, and in results written before it existed)
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
        Crossover crossover,
        List<PoolLevels> targetPools) {

    /**
     * The requests of an interval of the other kind than its phase, which a request's row, the one of the
     * moment it ended, does not tell apart: warm-up requests answered after the warm-up ended, in the first
     * measured interval, or measured ones in an interval that a stall of gale made span the boundary and
     * whose midpoint lies in the warm-up. Reports that keep the two kinds apart (the interval log) take them
     * out of the interval's own histograms, so that the measured intervals add up to the measured run.
     *
     * @param total the requests, summed
     * @param responseTimeHistogram their response-time histogram, encoded as the interval's
     * @param serviceTimeHistogram their service-time histogram
     * @param requestHistograms per request name (plan order) when the plan has several, else empty
     */
    public record Crossover(
            Sample total,
            String responseTimeHistogram,
            String serviceTimeHistogram,
            List<IntervalHistograms> requestHistograms) {

        public Crossover {
            requestHistograms = requestHistograms == null ? List.of() : List.copyOf(requestHistograms);
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

    /** Summarises an interval. */
    public static TimelinePoint of(IntervalSnapshot s) {
        Stats total = s.total();
        List<Stats> perRequest =
                IntStream.range(0, s.requests().size()).mapToObj(s::request).toList();
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
                crossoverOf(s, perRequest.size() > 1),
                s.targets().size() > 1 ? s.targets() : List.of());
    }

    /**
     * The requests of {@code s} that are not of its kind ({@link IntervalSnapshot#warmup()}), summed; null when
     * there are none.
     */
    public static Stats crossoverStats(IntervalSnapshot s) {
        // Nearly every interval has none: no merge (three hour-long histograms) to find that out.
        if (s.other().stream().allMatch(Stats::isEmpty)) {
            return null;
        }
        Stats other = new Stats();
        s.other().forEach(other::add);
        return other;
    }

    private static Crossover crossoverOf(IntervalSnapshot s, boolean perRequest) {
        Stats other = crossoverStats(s);
        if (other == null) {
            return null;
        }
        return new Crossover(
                Sample.of(other),
                Histograms.encode(other.responseTime()),
                Histograms.encode(other.serviceTime()),
                perRequest ? s.other().stream().map(IntervalHistograms::of).toList() : List.of());
    }

    /**
     * The response times of the interval's own kind ({@link #warmup}): its histogram less the {@link #crossover}'s;
     * null in results written before the timeline kept it. A new histogram each call.
     */
    public Histogram ownResponseTime() {
        return own(responseTimeHistogram, crossover == null ? null : crossover.responseTimeHistogram());
    }

    /** The service times of the interval's own kind, as {@link #ownResponseTime()}. */
    public Histogram ownServiceTime() {
        return own(serviceTimeHistogram, crossover == null ? null : crossover.serviceTimeHistogram());
    }

    /**
     * The own kind's histograms of request {@code i} (plan order), as {@link #ownResponseTime()}: [response time,
     * service time]; only where the plan has several request names ({@link #requestHistograms}).
     */
    public Histogram[] ownRequest(int i) {
        IntervalHistograms h = requestHistograms.get(i);
        IntervalHistograms other =
                crossover == null || i >= crossover.requestHistograms().size()
                        ? null
                        : crossover.requestHistograms().get(i);
        return new Histogram[] {
            own(h.responseTime(), other == null ? null : other.responseTime()),
            own(h.serviceTime(), other == null ? null : other.serviceTime())
        };
    }

    private static Histogram own(String encoded, String crossover) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        Histogram h = Histograms.decode(encoded);
        if (crossover != null && !crossover.isEmpty()) {
            h.subtract(Histograms.decode(crossover));
        }
        return h;
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
