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

    /**
     * Summarises a histogram of microseconds, as HdrHistogram's {@code getMean}, {@code getStdDeviation} and {@code
     * getValueAtPercentile} give each figure. Those read the counts from the lowest value up, each on its own (eight
     * passes over thousands of counts); for a histogram whose values lie close together ({@link Histograms#add}), as
     * a request name's in one second mostly do, this works them out in two passes over the counts between its lowest
     * and highest value, in the same order and with the same arithmetic, so every figure is the same, to the bit.
     */
    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        if (Histograms.isNarrow(h)) {
            return ofNarrow(h);
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

    /**
     * {@link #of} of a histogram with values, none of them 0, within {@link Histograms#SPARSE_STEPS} equivalent
     * value ranges of each other: HdrHistogram's figures, worked out as it does them, from the counts between its
     * lowest and highest value (all others are zero). Its mean is the sum, in value order, of each value range's
     * middle times its count, over the count; its standard deviation the root of the sum, in the same order, of each
     * middle's squared distance to the mean times its count, over the count; a percentile the highest value of the
     * range at which the counts so far first reach {@code max(1, ceil(p' * count / 100))}, where {@code p'} is the
     * percentile's next lower double.
     */
    private static Latency ofNarrow(Histogram h) {
        long count = h.getTotalCount();
        long min = h.getMinNonZeroValue();
        long max = h.getMaxValue();
        double total = 0;
        for (long v = min; v <= max; v = h.nextNonEquivalentValue(v)) {
            long c = h.getCountAtValue(v);
            if (c != 0) {
                total += h.medianEquivalentValue(v) * (double) c;
            }
        }
        double mean = (total * 1.0) / count;
        long[] reach = new long[PERCENTILES.length];
        for (int i = 0; i < reach.length; i++) {
            double p = Math.min(Math.max(Math.nextAfter(PERCENTILES[i], Double.NEGATIVE_INFINITY), 0.0), 100.0);
            reach[i] = Math.max((long) Math.ceil(p * count / 100.0), 1);
        }
        long[] at = new long[PERCENTILES.length];
        double deviations = 0;
        long seen = 0;
        int next = 0;
        for (long v = min; v <= max; v = h.nextNonEquivalentValue(v)) {
            long c = h.getCountAtValue(v);
            if (c != 0) {
                double deviation = (h.medianEquivalentValue(v) * 1.0) - mean;
                deviations += (deviation * deviation) * (double) c;
                seen += c;
                for (; next < reach.length && seen >= reach[next]; next++) {
                    at[next] = h.highestEquivalentValue(v);
                }
            }
        }
        return new Latency(
                count,
                ms(min),
                mean / 1000.0,
                Math.sqrt(deviations / count) / 1000.0,
                ms(at[0]),
                ms(at[1]),
                ms(at[2]),
                ms(at[3]),
                ms(at[4]),
                ms(at[5]),
                ms(max));
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
