package dev.gale.report;

import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.TimelinePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Series for {@link HtmlPage.Chart}s drawn from results, shared by {@link HtmlReport} and {@link Comparison}:
 * per-row values over a run's timeline, drawn as steps, and percentile spectra on the "nines" axis.
 */
final class Charts {
    private Charts() {}

    /**
     * The rows of the timeline to plot: every one with a length, the short last row a run ends with too (its
     * responses are the run's, and its rates are per its own length, as in JSON and CSV). A row of no length
     * has no extent to draw and no rate.
     */
    static List<TimelinePoint> plotted(RunResult r) {
        List<TimelinePoint> out = new ArrayList<>();
        for (TimelinePoint p : r.timeline()) {
            if (p.seconds() > 0) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Adds a series of one value per row of {@code points} to a time chart, drawn as steps: x is each row's
     * start, in seconds since the start, y the row's value, and the series' {@code end} is the last row's end,
     * so each value holds over its own row. A {@code null} value (no response in the row to read a latency
     * from) is a gap: nothing is drawn over that row.
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
        double[] x = new double[n];
        Double[] y = new Double[n];
        for (int i = 0; i < n; i++) {
            x[i] = points.get(i).startSeconds();
            y[i] = value.apply(points.get(i));
        }
        c.steps(
                label,
                color,
                dashed,
                axis2,
                x,
                y,
                n == 0 ? 0 : points.get(n - 1).endSeconds());
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
