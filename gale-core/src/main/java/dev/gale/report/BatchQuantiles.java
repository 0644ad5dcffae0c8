package dev.gale.report;

import dev.gale.record.Histograms;
import dev.gale.record.TimelinePoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * A run's percentiles read batch by batch, and the test of two runs' batches that tells a change of a
 * percentile from the way it moves by chance within a run.
 *
 * <p>Latencies within a run are not independent samples: a neighbour's CPU burst, a GC or a slow second moves
 * thousands of consecutive ones at once, so the spread of single samples understates how much a percentile
 * varies from run to run. Whole batches of consecutive samples are nearly independent of each other when a
 * batch is longer than what correlates them. For the {@code q}-quantile a batch is the fewest consecutive
 * measured seconds (timeline intervals that are {@link #full}, warm-up left out) that hold {@link
 * #samplesPerBatch(double) 10/(1-q)} samples, so that ten lie beyond its quantile: one second for the p99 at
 * 2,000 req/s, five for the p99.9. Seconds left over at the end make no batch.
 *
 * <p>{@link #rankSumZ} compares two runs' batch quantiles with the Wilcoxon rank-sum (Mann-Whitney) test: a
 * percentile changed only if one run's batches are higher than the other's more consistently than chance
 * allows. It assumes nothing of how the batches are distributed, and a batch with a stall counts as one rank,
 * however slow it was. With {@link #MIN_BATCHES} batches in each run, the fewest at which it can reach 99%,
 * it does so only when every batch of one run is above every batch of the other.
 *
 * <p>Each interval's histogram is decoded once and added to one open batch per quantile, so a long run costs
 * time (about a second to compare two runs of an hour) but no more memory than six histograms and the
 * batches' values. Immutable.
 */
final class BatchQuantiles {
    /** The fewest batches a run needs for its percentile to be judged: 5. */
    static final int MIN_BATCHES = 5;
    /** The samples a batch holds beyond its quantile: 10. */
    static final double SAMPLES_BEYOND = 10;
    /** A timeline interval at least this long, in seconds, is a full one: 0.9. */
    static final double FULL_SECONDS = 0.9;

    /**
     * Which of {@code timeline}'s intervals are measured seconds to read: the measured ones of at least {@link
     * #FULL_SECONDS}, and a shorter one that makes up for the measured interval before it running long. When
     * gale itself stalls, the sampler runs late (the interval from 1 s to 2.18 s) and takes the next sample at the
     * next whole second (2.18 s to 3 s): the two are two seconds of the run, not one and a sliver, and a run of 6 s
     * has 6 of them. A short interval after one that did not run long (by a tenth of a second at least), such as the
     * run's last, is no second.
     */
    static boolean[] full(List<TimelinePoint> timeline) {
        boolean[] full = new boolean[timeline.size()];
        for (int i = 0; i < full.length; i++) {
            TimelinePoint p = timeline.get(i);
            if (p.warmup()) {
                continue;
            }
            TimelinePoint previous = i == 0 ? null : timeline.get(i - 1);
            full[i] = p.seconds() >= FULL_SECONDS
                    || (previous != null
                            && !previous.warmup()
                            && previous.seconds() >= 2 - FULL_SECONDS
                            && previous.seconds() + p.seconds() >= 2 * FULL_SECONDS);
        }
        return full;
    }

    // Per quantile, the batches' quantiles in microseconds, in time order.
    private final long[][] batches;
    // The seconds read (measured, full, with a sample) and the samples in them: the run's pace.
    private final int seconds;
    private final long samples;

    private BatchQuantiles(long[][] batches, int seconds, long samples) {
        this.batches = batches;
        this.seconds = seconds;
        this.samples = samples;
    }

    /**
     * Reads the batches of {@code timeline}'s measured full intervals.
     *
     * @param histogram the interval's histogram to read, of its measured requests alone, e.g. {@link
     *     TimelinePoint#ownResponseTime} (not the warm-up's last responses in the first measured interval); null
     *     where the result did not keep it
     * @param quantiles the quantiles (fractions, 0.99 for p99) to batch
     */
    static BatchQuantiles of(
            List<TimelinePoint> timeline, Function<TimelinePoint, Histogram> histogram, double... quantiles) {
        Histogram[] open = new Histogram[quantiles.length];
        int seconds = 0;
        long samples = 0;
        List<List<Long>> values = new ArrayList<>();
        for (int i = 0; i < quantiles.length; i++) {
            open[i] = Histograms.create();
            values.add(new ArrayList<>());
        }
        boolean[] full = full(timeline);
        for (int t = 0; t < full.length; t++) {
            if (!full[t]) {
                continue;
            }
            TimelinePoint p = timeline.get(t);
            Histogram h = histogram.apply(p);
            // Null: a result written before the timeline kept this histogram.
            if (h == null || h.getTotalCount() == 0) {
                continue;
            }
            seconds++;
            samples += h.getTotalCount();
            for (int i = 0; i < quantiles.length; i++) {
                open[i].add(h);
                if (open[i].getTotalCount() >= samplesPerBatch(quantiles[i])) {
                    values.get(i).add(open[i].getValueAtPercentile(100 * quantiles[i]));
                    open[i].reset();
                }
            }
        }
        long[][] batches = new long[quantiles.length][];
        for (int i = 0; i < quantiles.length; i++) {
            batches[i] = values.get(i).stream().mapToLong(Long::longValue).toArray();
        }
        return new BatchQuantiles(batches, seconds, samples);
    }

    /** The samples a batch of the {@code q}-quantile holds at least: {@code 10/(1-q)}, 1,000 for the p99. */
    static long samplesPerBatch(double q) {
        // 10 / (1 - 0.9999) is 100,000.00000000001 in doubles.
        return (long) Math.ceil(SAMPLES_BEYOND / (1 - q) - 1e-6);
    }

    /** The measured full seconds read that hold a sample: the seconds batches are cut from. */
    int seconds() {
        return seconds;
    }

    /** The samples in {@link #seconds()} per second, on average; 0 if there is none. */
    double samplesPerSecond() {
        return seconds == 0 ? 0 : (double) samples / seconds;
    }

    /**
     * The seconds a batch of the {@code q}-quantile takes at this run's {@link #samplesPerSecond()}: 1 when a
     * second holds its {@link #samplesPerBatch(double) samples}, more when it does not; 1 when there is no second
     * to tell the pace by.
     */
    long secondsPerBatch(double q) {
        double perSecond = samplesPerSecond();
        return perSecond == 0 ? 1 : Math.max(1, (long) Math.ceil(samplesPerBatch(q) / perSecond));
    }

    /**
     * The measured seconds a run at this one's pace needs for {@link #MIN_BATCHES} batches of the {@code
     * q}-quantile, whatever its number of samples: {@code MIN_BATCHES * }{@link #secondsPerBatch(double)}.
     */
    long secondsNeeded(double q) {
        return MIN_BATCHES * secondsPerBatch(q);
    }

    /** The batches' values of the quantile at index {@code i}, in microseconds, in time order. */
    long[] batches(int i) {
        return batches[i].clone();
    }

    /**
     * The Wilcoxon rank-sum statistic of {@code after}'s values against {@code before}'s, as a standard normal
     * {@code z}: positive when {@code after}'s are the higher. With ranks {@code r} from 1 (ties share their
     * mean rank) and {@code n = n1 + n2} values,
     *
     * <pre>{@code
     * U = sum of after's ranks - n2*(n2+1)/2
     * z = (U - n1*n2/2) / sqrt(n1*n2/12 * (n + 1 - sum(t^3 - t) / (n*(n-1))))
     * }</pre>
     *
     * where {@code t} is the size of each group of tied values. 0 when every value is the same.
     */
    static double rankSumZ(long[] before, long[] after) {
        int n1 = before.length;
        int n2 = after.length;
        int n = n1 + n2;
        long[] values = new long[n];
        System.arraycopy(before, 0, values, 0, n1);
        System.arraycopy(after, 0, values, n1, n2);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> values[i]));
        double afterRanks = 0;
        double ties = 0;
        for (int from = 0; from < n; ) {
            int to = from;
            while (to + 1 < n && values[order[to + 1]] == values[order[from]]) {
                to++;
            }
            double rank = (from + to) / 2.0 + 1;
            for (int i = from; i <= to; i++) {
                if (order[i] >= n1) {
                    afterRanks += rank;
                }
            }
            double t = to - from + 1;
            ties += t * t * t - t;
            from = to + 1;
        }
        double u = afterRanks - n2 * (n2 + 1) / 2.0;
        double variance = n1 * (double) n2 / 12 * (n + 1 - ties / ((double) n * (n - 1)));
        return variance <= 0 ? 0 : (u - n1 * (double) n2 / 2) / Math.sqrt(variance);
    }
}
