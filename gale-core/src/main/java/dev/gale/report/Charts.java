package dev.gale.report;

import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Sample;
import dev.gale.record.TimelinePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Series for {@link HtmlPage.Chart}s drawn from results, shared by {@link HtmlReport} and {@link Comparison}:
 * per-interval values over a run's timeline, drawn as steps, and percentile spectra on the "nines" axis.
 */
final class Charts {
    private Charts() {}

    /**
     * The timeline's points worth plotting: all but empty ones, and but the last one when it is the short
     * tail (under half a second) in which the run waited for its last responses: its rates are of a
     * fraction of a second with nothing offered, and would look like a collapse.
     */
    static List<TimelinePoint> plotted(RunResult r) {
        List<TimelinePoint> out = new ArrayList<>();
        for (TimelinePoint p : r.timeline()) {
            Sample t = p.total();
            if (p.seconds() <= 0
                    || (p.seconds() < 0.25 && t.scheduled() == 0 && t.responses() == 0 && t.errors() == 0)) {
                continue;
            }
            out.add(p);
        }
        if (out.size() > 1 && out.get(out.size() - 1).seconds() < 0.5) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /**
     * Adds a series of one value per interval of {@code points} to a time chart, drawn as steps: x is each
     * interval's start and then the last interval's end, in seconds since the start; y is each interval's
     * value and then the last one again, so each value holds over its interval. A {@code null} value is a gap.
     */
    static void steps(
            HtmlPage.Chart c,
            String label,
            String color,
            boolean dashed,
            boolean axis2,
            List<TimelinePoint> points,
            Function<TimelinePoint, Double> value) {
        int n = points.size();
        double[] x = new double[n == 0 ? 0 : n + 1];
        Double[] y = new Double[x.length];
        for (int i = 0; i < n; i++) {
            x[i] = points.get(i).startSeconds();
            y[i] = value.apply(points.get(i));
        }
        if (n > 0) {
            x[n] = points.get(n - 1).endSeconds();
            y[n] = y[n - 1];
        }
        c.series(label, color, dashed, axis2, x, y);
    }

    /** {@code count} per second of the interval; null for an interval of no length. */
    static Double rate(TimelinePoint p, double count) {
        return p.seconds() > 0 ? count / p.seconds() : null;
    }

    /** A figure of the interval's response time; null when nothing completed in it. */
    static Double latency(TimelinePoint p, Function<Latency, Double> f) {
        Latency l = p.total().responseTime();
        return l.count() == 0 ? null : f.apply(l);
    }

    /** Shades each run of warm-up intervals of {@code points}. */
    static void warmupBands(HtmlPage.Chart c, List<TimelinePoint> points) {
        double from = -1;
        double to = -1;
        for (TimelinePoint p : points) {
            if (p.warmup()) {
                if (from < 0) {
                    from = p.startSeconds();
                }
                to = p.endSeconds();
            } else if (from >= 0) {
                c.band(from, to, "warm-up");
                from = -1;
            }
        }
        if (from >= 0) {
            c.band(from, to, "warm-up");
        }
    }

    /** Adds the {@link Spectrum} of {@code h} to a nines chart: x is {@code 1/(1-percentile)}. */
    static void spectrum(HtmlPage.Chart c, String label, String color, boolean dashed, Histogram h) {
        List<Spectrum.Point> points = Spectrum.points(h);
        double[] x = new double[points.size()];
        Double[] y = new Double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.0 / (1.0 - points.get(i).percentile());
            y[i] = points.get(i).valueMillis();
        }
        c.series(label, color, dashed, false, x, y);
    }
}
