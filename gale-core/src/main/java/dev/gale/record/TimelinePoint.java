package dev.gale.record;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One interval of the run's timeline: what reports plot over time.
 *
 * @param startSeconds interval start, seconds since the run started
 * @param endSeconds interval end, seconds since the run started
 * @param phase the phase running at the interval's end
 * @param warmup whether that phase is a warm-up
 * @param total all requests of the interval (measured and warm-up)
 * @param requests per request name, in plan order
 * @param pools pool figures summed over targets at the interval's end
 * @param responseTimeHistogram the total response-time histogram of the interval, HdrHistogram's compressed
 *     base64 form ({@link Histograms#encode})
 */
public record TimelinePoint(
        double startSeconds,
        double endSeconds,
        String phase,
        boolean warmup,
        Sample total,
        List<Sample> requests,
        PoolLevels pools,
        String responseTimeHistogram) {

    /** Summarises an interval. */
    public static TimelinePoint of(IntervalSnapshot s) {
        Stats total = s.total();
        return new TimelinePoint(
                s.startNanos() / 1e9,
                s.endNanos() / 1e9,
                s.phase(),
                s.warmup(),
                Sample.of(total),
                IntStream.range(0, s.requests().size())
                        .mapToObj(i -> Sample.of(s.request(i)))
                        .toList(),
                s.pools(),
                Histograms.encode(total.responseTime()));
    }

    /** Length in seconds. */
    public double seconds() {
        return endSeconds - startSeconds;
    }
}
