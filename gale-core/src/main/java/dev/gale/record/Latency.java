package dev.gale.record;

import org.HdrHistogram.Histogram;

/**
 * The summary of one latency histogram, in milliseconds: the percentiles every report shows. Computed from a
 * merged histogram, never averaged across histograms.
 */
public record Latency(
        long count,
        double min,
        double mean,
        double stdev,
        double p50,
        double p75,
        double p90,
        double p99,
        double p999,
        double p9999,
        double max) {

    /** The percentiles reports show, in order, as HdrHistogram takes them. */
    public static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99};

    /** An empty summary. */
    public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Summarises a histogram of microseconds. */
    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Latency(
                h.getTotalCount(),
                ms(h.getMinValue()),
                h.getMean() / 1000.0,
                h.getStdDeviation() / 1000.0,
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(75)),
                ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)),
                ms(h.getValueAtPercentile(99.99)),
                ms(h.getMaxValue()));
    }

    /** The value at the {@code i}-th entry of {@link #PERCENTILES}. */
    public double percentile(int i) {
        return switch (i) {
            case 0 -> p50;
            case 1 -> p75;
            case 2 -> p90;
            case 3 -> p99;
            case 4 -> p999;
            case 5 -> p9999;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
