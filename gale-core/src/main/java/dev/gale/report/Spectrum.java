package dev.gale.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The full percentile spectrum of a latency histogram, as HdrHistogram prints it ({@code .hgrm}): the
 * value at percentiles that halve the distance to 100% in {@value #TICKS_PER_HALF_DISTANCE} steps each,
 * with the {@code 1/(1-Percentile)} column that HdrHistogram's plotter puts on its "nines" axis. Values in
 * milliseconds, read from histograms of microseconds.
 *
 * <p>The HTML report plots exactly these points, so the chart, the {@code .hgrm} file and the text agree.
 */
public final class Spectrum {
    /** Percentile ticks per half distance to 100%, as wrk2 and HdrHistogram's examples use. */
    public static final int TICKS_PER_HALF_DISTANCE = 5;
    /** Recorded values (microseconds) per printed unit (milliseconds). */
    public static final double MICROS_PER_MILLI = 1000.0;

    private Spectrum() {}

    /**
     * One row of the spectrum.
     *
     * @param percentile 0..1
     * @param valueMillis the highest value at or below that percentile, in milliseconds
     * @param totalCount values at or below it
     */
    public record Point(double percentile, double valueMillis, long totalCount) {}

    /** The {@code .hgrm} text of {@code h}, exactly as HdrHistogram's {@code outputPercentileDistribution} writes it. */
    public static String hgrm(Histogram h) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, MICROS_PER_MILLI);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The rows of {@link #hgrm}, without the final 100% row; empty for an empty histogram. */
    public static List<Point> points(Histogram h) {
        List<Point> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            if (v.getPercentileLevelIteratedTo() >= 100.0) {
                break;
            }
            points.add(new Point(
                    v.getPercentileLevelIteratedTo() / 100.0,
                    v.getValueIteratedTo() / MICROS_PER_MILLI,
                    v.getTotalCountToThisValue()));
        }
        return points;
    }
}
