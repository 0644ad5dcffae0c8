package dev.gale.report;

import dev.gale.record.Histograms;
import dev.gale.record.IntervalHistograms;
import dev.gale.record.Latency;
import dev.gale.record.Sample;
import dev.gale.record.TimelinePoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The reading of a timeline row written before the timeline kept an interval's requests of the other kind apart
 * (gale-result/1 before {@code otherKind}), in the shape of a row written now. Such a row counted the other kind's
 * requests (the warm-up's last ones, answered in the first measured interval, say) in its {@code total},
 * {@code requests} and histograms, and again in a {@code crossover} beside them, without their counts per
 * request name. Read once, as the result is ({@link JsonReport#fromJson}), so that no report has to know.
 *
 * <p>The row's own kind is what it held less the crossover: counts and error and status counts subtract, and so
 * do the histograms, of which the latencies are then worked out. What cannot be taken out stays as written, of
 * both kinds: the schedule lag (the timeline keeps its percentiles, not its histogram) and, where the plan has
 * several request names, the counts per request name ({@link TimelinePoint#requests()}).
 */
final class Crossovers {
    private Crossovers() {}

    /**
     * The row {@code written}, which counts {@code crossover} too, with the crossover taken out of its figures and
     * kept apart as its {@link TimelinePoint#otherKind()}.
     */
    static TimelinePoint takenOut(TimelinePoint written, TimelinePoint.Crossover crossover) {
        Histogram responseTime = less(written.responseTimeHistogram(), crossover.responseTimeHistogram());
        Histogram serviceTime = less(written.serviceTimeHistogram(), crossover.serviceTimeHistogram());
        Sample total = less(written.total(), crossover.total(), responseTime, serviceTime);
        List<IntervalHistograms> perRequest = new ArrayList<>();
        for (int i = 0; i < written.requestHistograms().size(); i++) {
            IntervalHistograms all = written.requestHistograms().get(i);
            IntervalHistograms other = i < crossover.requestHistograms().size()
                    ? crossover.requestHistograms().get(i)
                    : new IntervalHistograms("", "");
            perRequest.add(new IntervalHistograms(
                    encode(less(all.responseTime(), other.responseTime()), all.responseTime()),
                    encode(less(all.serviceTime(), other.serviceTime()), all.serviceTime())));
        }
        // A single request name's counts are the interval's: those of each kind are known.
        boolean one = written.requests().size() == 1;
        return new TimelinePoint(
                written.startSeconds(),
                written.endSeconds(),
                written.phase(),
                written.warmup(),
                total,
                one ? List.of(total) : written.requests(),
                written.pools(),
                encode(responseTime, written.responseTimeHistogram()),
                encode(serviceTime, written.serviceTimeHistogram()),
                perRequest,
                written.offered(),
                written.requestOffered(),
                written.targetPools(),
                new TimelinePoint.Crossover(
                        crossover.total(),
                        one ? List.of(crossover.total()) : List.of(),
                        crossover.responseTimeHistogram(),
                        crossover.serviceTimeHistogram(),
                        crossover.requestHistograms(),
                        // Not written: the row's offered counted both kinds.
                        0,
                        Collections.nCopies(written.requestOffered().size(), 0.0)));
    }

    /** {@code all} less {@code other}, decoded; null where {@code all} has no histogram. */
    private static Histogram less(String all, String other) {
        if (all == null || all.isEmpty()) {
            return null;
        }
        Histogram h = Histograms.decode(all);
        if (other != null && !other.isEmpty()) {
            h.subtract(Histograms.decode(other));
        }
        return h;
    }

    /** {@code h} encoded, or {@code written} as it was where there was no histogram to take from. */
    private static String encode(Histogram h, String written) {
        return h == null ? written : Histograms.encode(h);
    }

    private static Sample less(Sample all, Sample other, Histogram responseTime, Histogram serviceTime) {
        return new Sample(
                all.scheduled() - other.scheduled(),
                all.sent() - other.sent(),
                all.responses() - other.responses(),
                all.errors() - other.errors(),
                all.failures() - other.failures(),
                all.dropped() - other.dropped(),
                all.retries() - other.retries(),
                all.bytesSent() - other.bytesSent(),
                all.bytesReceived() - other.bytesReceived(),
                less(all.errorsByKind(), other.errorsByKind()),
                less(all.statuses(), other.statuses()),
                responseTime == null ? all.responseTime() : Latency.of(responseTime),
                serviceTime == null ? all.serviceTime() : Latency.of(serviceTime),
                all.scheduleLag());
    }

    /** The counts of {@code all} less those of {@code other}, in {@code all}'s order, none of them 0. */
    private static <K> Map<K, Long> less(Map<K, Long> all, Map<K, Long> other) {
        Map<K, Long> own = new LinkedHashMap<>();
        all.forEach((k, n) -> {
            long left = n - other.getOrDefault(k, 0L);
            if (left > 0) {
                own.put(k, left);
            }
        });
        return own;
    }
}
