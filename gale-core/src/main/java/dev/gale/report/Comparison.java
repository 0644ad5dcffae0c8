package dev.gale.report;

import dev.gale.plan.LoadModel;
import dev.gale.plan.RequestSpec;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.TimelinePoint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Two runs side by side: the change of throughput, error rate, dropped requests and every response-time and service-time
 * percentile, each judged against run-to-run noise.
 *
 * <p><b>The noise rule.</b> A change is flagged ({@link Judgement#WORSE} or {@link Judgement#BETTER}) only
 * when it passes both tests:
 * <ol>
 *   <li><i>beyond sampling noise</i>, at 99% confidence ({@code z = 2.576}):
 *     <ul>
 *       <li>percentiles, two tests, both passed in the same direction:
 *         <ol>
 *           <li>the two runs' distribution-free confidence intervals do not overlap. For the {@code q}-quantile
 *               of {@code n} values the interval runs between the values of rank
 *               <pre>{@code n*q -/+ z*sqrt(n*q*(1-q))}</pre>
 *               read from the merged histogram, so a tail percentile of few samples gets a wide interval.
 *               This alone would treat every sample as independent, and latencies are not: a neighbour's CPU
 *               burst, a GC or a slow second moves thousands of consecutive samples at once, and two runs of
 *               the same build of 12,000 samples each differ far beyond it;</li>
 *           <li>read batch by batch, the percentile is higher in one run than in the other more consistently
 *               than chance allows: each run's measured seconds are cut into batches, each the fewest
 *               consecutive full seconds that hold {@code 10/(1-q)} samples (one second for the p99 at 2,000
 *               req/s, five for the p99.9), and the two runs' batch {@code q}-quantiles are compared with the
 *               Wilcoxon rank-sum (Mann-Whitney) test, {@code |z| > 2.576} ({@link BatchQuantiles}). A
 *               percentile with fewer than 5 batches in either run, the fewest at which that test can reach
 *               99%, is not judged (the p99.9 of a run at 2,000 req/s needs 25 s), and says in measured seconds
 *               what each short run has and needs ({@link #tooShort});</li>
 *         </ol></li>
 *       <li>achieved throughput: the difference of the rates exceeds Welch's t-test's 99% bound, the t
 *           quantile of its degrees of freedom (63.66 for one, 9.92 for two, 2.58 for many) times the standard
 *           error of the difference of the per-second rates' means (measured full intervals, {@link
 *           BatchQuantiles#full}; in
 *           the open model, of the share of each second's offered load answered, so that a ramp's own rise is
 *           no noise: see {@link #perSecond}). A run with fewer than 2 such seconds has no spread to tell noise
 *           by, and its throughput is not judged ({@link #tooShortForRates});</li>
 *       <li>error rate and dropped share: a two-proportion z-test of errors (drops) over completed requests;</li>
 *     </ul></li>
 *   <li><i>beyond the noise floor</i>: the values differ by more than {@code noise} (default 5%) of the
 *       larger one, because two runs of the same build differ by a few percent whatever the sample size.</li>
 * </ol>
 * When both plans have several request names, and the same ones, each name gets the rows of all requests again
 * (but the offered rate), of its requests alone and judged alike ({@link Row#request()}): a name that is 5% of the
 * mix can get ten times slower while the totals' percentiles hardly move.
 *
 * <p>The max is a single value and is never judged; offered throughput is the plan, not a measurement. Nor are
 * the throughput of a run that measured no request (one stopped in its warm-up) and the error rate and dropped
 * share of a run that completed none: each such row says why.
 */
public final class Comparison {
    /** The confidence of the sampling-noise tests: 99%, two-sided. */
    static final double CONFIDENCE = 0.99;
    /** The standard normal's two-sided critical value at {@link #CONFIDENCE}. */
    static final double Z = 2.576;
    /** The fewest per-second rates a run needs for its throughput to be judged: 2, the fewest with a spread. */
    static final int MIN_RATES = 2;
    /** The default noise floor: 5%. */
    public static final double DEFAULT_NOISE = 0.05;

    /** How a change is judged. */
    public enum Judgement {
        WORSE("worse"),
        BETTER("better"),
        SAME("~"),
        NOT_JUDGED("");

        private final String label;

        Judgement(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How a row's values are shown: milliseconds, a rate per second, a fraction as a percentage, a count. */
    public enum Unit {
        MILLIS,
        RATE,
        PERCENT,
        COUNT
    }

    /**
     * One compared figure.
     *
     * @param group the table section, e.g. {@code Response time}
     * @param metric e.g. {@code p99}
     * @param before the first run's value (milliseconds, per second, a fraction or a count); {@code NaN} if the
     *     run has none (a percentile of a run without a single response time)
     * @param after the second run's value, or {@code NaN}
     * @param judgement whether the change is beyond noise, and which way
     * @param reason why the change is {@link Judgement#NOT_JUDGED not judged}, e.g. {@code no sample}; empty when
     *     it is judged, and for figures that are never judged (offered throughput, requests)
     * @param request the request name the row is of, when the runs have several names and the same ones; empty for
     *     the figures of all requests together
     */
    public record Row(
            String group,
            String metric,
            double before,
            double after,
            Unit unit,
            Judgement judgement,
            String reason,
            String request) {
        /** A row of all requests together. */
        public Row(
                String group,
                String metric,
                double before,
                double after,
                Unit unit,
                Judgement judgement,
                String reason) {
            this(group, metric, before, after, unit, judgement, reason, "");
        }

        /** The section the row is shown under: {@code Response time}, or {@code slow: Response time} for a name. */
        public String section() {
            return request.isEmpty() ? group : request + ": " + group;
        }

        /** True if either run has no value to compare: then there is no change either. */
        public boolean missing() {
            return Double.isNaN(before) || Double.isNaN(after);
        }

        /**
         * The change, relative to {@code before} (percentage points for a rate of errors); {@link
         * Units#NO_SAMPLE} if a value is {@link #missing()}.
         */
        public String change() {
            if (missing()) {
                return Units.NO_SAMPLE;
            }
            if (unit == Unit.PERCENT) {
                return String.format(Locale.ROOT, "%+.2fpp", (after - before) * 100);
            }
            if (before == 0) {
                return after == 0 ? "0.0%" : "new";
            }
            return String.format(Locale.ROOT, "%+.1f%%", (after - before) / before * 100);
        }

        String show(double v) {
            if (Double.isNaN(v)) {
                return Units.NO_SAMPLE;
            }
            return switch (unit) {
                case MILLIS -> Units.millis(v);
                case RATE -> Units.rate(v);
                case PERCENT -> Units.percent(v);
                case COUNT -> Units.count((long) v);
            };
        }
    }

    /** The percentiles compared, as {@link Latency#PERCENTILES} names them. */
    private static final String[] PERCENTILES = {"p50", "p75", "p90", "p99", "p99.9", "p99.99"};
    /** The reason a row with a run's value missing is not judged. */
    private static final String NO_SAMPLE = "no sample";

    private final RunResult before;
    private final RunResult after;
    // The runs' measured totals, merged once: RunResult.total() adds up every request's histograms.
    private final Stats beforeTotal;
    private final Stats afterTotal;
    private final String beforeLabel;
    private final String afterLabel;
    private final double noise;
    private final List<Row> rows = new ArrayList<>();

    private Comparison(RunResult before, RunResult after, String beforeLabel, String afterLabel, double noise) {
        this.before = before;
        this.after = after;
        this.beforeTotal = before.total();
        this.afterTotal = after.total();
        this.beforeLabel = beforeLabel;
        this.afterLabel = afterLabel;
        this.noise = noise;
    }

    /**
     * Compares two results.
     *
     * @param noise the noise floor, a fraction (0.05 for 5%)
     */
    public static Comparison of(
            RunResult before, RunResult after, String beforeLabel, String afterLabel, double noise) {
        Comparison c = new Comparison(before, after, beforeLabel, afterLabel, noise);
        c.build();
        return c;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * What makes the two runs' changes mean something else than a change of build, one note each: different
     * targets or requests, a different load, a different warm-up, a run stopped early ({@link Caveats}). Empty
     * when the plans load the same targets alike and both runs ran them whole.
     */
    public List<String> caveats() {
        return Caveats.of(before, after);
    }

    /** True if any judged figure got worse beyond noise. */
    public boolean regressed() {
        return rows.stream().anyMatch(r -> r.judgement() == Judgement.WORSE);
    }

    /** Counts rows by judgement. */
    public long count(Judgement j) {
        return rows.stream().filter(r -> r.judgement() == j).count();
    }

    private void build() {
        compare("", -1, -1);
        // A plan of one name has its figures above already.
        List<String> names = names(before);
        if (names.size() > 1 && Set.copyOf(names).equals(Set.copyOf(names(after)))) {
            for (String name : names) {
                compare(name, names.indexOf(name), names(after).indexOf(name));
            }
        }
    }

    /** The request names of {@code r}'s plan, in plan order. */
    private static List<String> names(RunResult r) {
        return r.plan().requests().stream().map(RequestSpec::name).toList();
    }

    /**
     * The rows of request {@code ib} of the before run and {@code ia} of the after run, named {@code request}; of
     * all requests together when both are -1 (with the offered rate, which is the plan's).
     */
    private void compare(String request, int ib, int ia) {
        Stats b = ib < 0 ? beforeTotal : before.requests().get(ib);
        Stats a = ia < 0 ? afterTotal : after.requests().get(ia);
        String throughput = "Throughput";
        double rb = before.achievedRate(b);
        double ra = after.achievedRate(a);
        // A run that measured no request (stopped in its warm-up) has no rate to compare, not a rate of 0.
        String unmeasured = noneIn(b.scheduled() == 0, a.scheduled() == 0, "measured no request", "measured a request");
        double[] sb = perSecond(before, ib);
        double[] sa = perSecond(after, ia);
        // Without two seconds a run's rates have no spread to tell noise by, and the noise floor alone would
        // flag two runs of the same server a few percent apart.
        String reason = unmeasured.isEmpty() ? tooShortForRates(sb.length, sa.length) : unmeasured;
        rows.add(new Row(
                throughput,
                "achieved req/s",
                rb,
                ra,
                Unit.RATE,
                reason.isEmpty() ? judgeThroughput(rb, ra, sb, sa) : Judgement.NOT_JUDGED,
                reason,
                request));
        if (request.isEmpty()) {
            rows.add(new Row(
                    throughput,
                    "offered req/s",
                    before.offeredRate(),
                    after.offeredRate(),
                    Unit.RATE,
                    Judgement.NOT_JUDGED,
                    ""));
        }
        rows.add(new Row(
                throughput, "requests", b.responses(), a.responses(), Unit.COUNT, Judgement.NOT_JUDGED, "", request));
        // The error rate's own terms: cancelled requests have no outcome (Stats.errorRate).
        proportion(
                request,
                "error rate",
                b.errorRate(),
                a.errorRate(),
                b.errors(),
                b.completed() - b.cancelled(),
                a.errors(),
                a.completed() - a.cancelled());
        proportion(
                request,
                "dropped",
                droppedShare(b),
                droppedShare(a),
                b.dropped(),
                b.completed(),
                a.dropped(),
                a.completed());
        percentiles(
                request,
                "Response time",
                b.responseTime(),
                a.responseTime(),
                histogram(ib, 0, TimelinePoint::ownResponseTime),
                histogram(ia, 0, TimelinePoint::ownResponseTime));
        percentiles(
                request,
                "Service time",
                b.serviceTime(),
                a.serviceTime(),
                histogram(ib, 1, TimelinePoint::ownServiceTime),
                histogram(ia, 1, TimelinePoint::ownServiceTime));
    }

    /**
     * The timeline's per-interval histogram of request {@code i} ({@code kind} 0 for response time, 1 for service
     * time), or {@code total}'s when {@code i} is -1; null where the result did not keep it.
     */
    private static Function<TimelinePoint, Histogram> histogram(
            int i, int kind, Function<TimelinePoint, Histogram> total) {
        return i < 0 ? total : p -> i < p.requestHistograms().size() ? p.ownRequest(i, kind) : null;
    }

    /**
     * {@code the before run WHAT} if {@code inBefore}, {@code the after run WHAT} if {@code inAfter}, {@code
     * neither run EITHER} if both; empty if neither.
     */
    private static String noneIn(boolean inBefore, boolean inAfter, String what, String either) {
        if (inBefore && inAfter) {
            return "neither run " + either;
        }
        return inBefore ? "the before run " + what : inAfter ? "the after run " + what : "";
    }

    /** A row of the share {@code eb/nb} before and {@code ea/na} after; lower is better. */
    private void proportion(String request, String metric, double vb, double va, long eb, long nb, long ea, long na) {
        String none = noneIn(nb == 0, na == 0, "completed no request", "completed a request");
        rows.add(new Row(
                "Errors",
                metric,
                vb,
                va,
                Unit.PERCENT,
                none.isEmpty() ? judgeProportion(eb, nb, ea, na) : Judgement.NOT_JUDGED,
                none,
                request));
    }

    /**
     * The rows of one latency group: each percentile judged by its order-statistics intervals, the noise floor
     * and the rank-sum test of the two runs' batches, or not judged when either run has too few batches for it;
     * the max.
     *
     * @param hb the before run's histogram of the group, measured requests alone
     * @param fb the before run's timeline's per-interval histogram of the group, measured requests alone
     */
    private void percentiles(
            String request,
            String group,
            Histogram hb,
            Histogram ha,
            Function<TimelinePoint, Histogram> fb,
            Function<TimelinePoint, Histogram> fa) {
        Latency lb = Latency.of(hb);
        Latency la = Latency.of(ha);
        double[] quantiles = new double[Latency.PERCENTILES.length];
        for (int i = 0; i < quantiles.length; i++) {
            quantiles[i] = Latency.PERCENTILES[i] / 100.0;
        }
        BatchQuantiles bb = BatchQuantiles.of(before.timeline(), fb, quantiles);
        BatchQuantiles ba = BatchQuantiles.of(after.timeline(), fa, quantiles);
        for (int i = 0; i < quantiles.length; i++) {
            double q = quantiles[i];
            double vb = lb.count() == 0 ? Double.NaN : lb.percentile(i);
            double va = la.count() == 0 ? Double.NaN : la.percentile(i);
            long[] xb = bb.batches(i);
            long[] xa = ba.batches(i);
            String reason = lb.count() == 0 || la.count() == 0 ? NO_SAMPLE : tooShort(q, xb.length, bb, xa.length, ba);
            Judgement j = reason.isEmpty() ? judgePercentile(hb, ha, q, vb, va) : Judgement.NOT_JUDGED;
            // Beyond the noise of single samples; beyond the way the percentile moves from batch to batch too?
            double z = j == Judgement.WORSE || j == Judgement.BETTER ? BatchQuantiles.rankSumZ(xb, xa) : 0;
            if ((j == Judgement.WORSE && z <= Z) || (j == Judgement.BETTER && z >= -Z)) {
                j = Judgement.SAME;
            }
            rows.add(new Row(group, PERCENTILES[i], vb, va, Unit.MILLIS, j, reason, request));
        }
        boolean missing = lb.count() == 0 || la.count() == 0;
        rows.add(new Row(
                group,
                "max",
                lb.count() == 0 ? Double.NaN : lb.max(),
                la.count() == 0 ? Double.NaN : la.max(),
                Unit.MILLIS,
                Judgement.NOT_JUDGED,
                missing ? NO_SAMPLE : "one value",
                request));
    }

    /**
     * Why the {@code q}-quantile is not judged when a run has fewer than {@link BatchQuantiles#MIN_BATCHES}
     * batches of it ({@code nb} before, {@code na} after), said as what would change it: the measured seconds
     * each short run has and needs. A batch is whole seconds, so a run of 3 s has at most 3, however many
     * samples each second holds; where a second holds fewer than a batch's samples, a batch takes several and
     * the run's pace is named too, since a faster run needs fewer. Empty when both runs have enough:
     *
     * <pre>{@code
     * too short for 5 batches of 20 samples in whole measured seconds: the before run has 3 s of the 5 s it
     *     needs; the after run has 1 s of the 5 s it needs
     * too short for 5 batches of 10,000 samples in whole measured seconds: each run has 10 s of the 85 s it needs
     *     at its 600 samples/s
     * }</pre>
     */
    static String tooShort(double q, int nb, BatchQuantiles bb, int na, BatchQuantiles ba) {
        String b = nb < BatchQuantiles.MIN_BATCHES ? shortfall(bb, q, nb) : "";
        String a = na < BatchQuantiles.MIN_BATCHES ? shortfall(ba, q, na) : "";
        String runs = shortRuns(b, a);
        return runs.isEmpty()
                ? ""
                : "too short for " + BatchQuantiles.MIN_BATCHES + " batches of "
                        + Units.count(BatchQuantiles.samplesPerBatch(q)) + " samples in whole measured seconds: "
                        + runs;
    }

    /**
     * Which runs are too short, from what each lacks ({@code before} and {@code after}, empty for one that has
     * enough): {@code each run has 1 s of the 2 s it needs}, {@code the after run has ...}; empty if neither is.
     */
    private static String shortRuns(String before, String after) {
        if (before.isEmpty() && after.isEmpty()) {
            return "";
        }
        return before.equals(after)
                ? "each run " + before
                : before.isEmpty()
                        ? "the after run " + after
                        : after.isEmpty()
                                ? "the before run " + before
                                : "the before run " + before + "; the after run " + after;
    }

    /**
     * {@code has 3 s of the 5 s it needs}, with {@code at its 601 samples/s} where a batch takes more than a
     * second. A run that has the seconds its mean pace needs yet too few batches, {@code batches}, since some of
     * its seconds held fewer samples than the others, says so.
     */
    private static String shortfall(BatchQuantiles b, double q, int batches) {
        long needed = b.secondsNeeded(q);
        String pace = b.secondsPerBatch(q) > 1
                ? " at its " + Units.count(Math.round(b.samplesPerSecond())) + " samples/s"
                : "";
        if (b.seconds() >= needed) {
            return "has " + Units.count(b.seconds()) + " s, which make " + batches
                    + (batches == 1 ? " batch" : " batches")
                    + " of the " + BatchQuantiles.MIN_BATCHES + " it needs, since some of its seconds held fewer"
                    + " than " + Units.count(BatchQuantiles.samplesPerBatch(q)) + " samples; a longer run makes more";
        }
        return "has " + Units.count(b.seconds()) + " s of the " + Units.count(needed) + " s it needs" + pace;
    }

    /** The share of completed requests that were dropped; 0 if none completed. */
    private static double droppedShare(Stats s) {
        return s.completed() == 0 ? 0 : (double) s.dropped() / s.completed();
    }

    /**
     * The change of the {@code q}-quantile from {@code vb} to {@code va} (milliseconds) judged by the
     * order-statistics intervals and the noise floor alone, as if each run's samples were independent; lower
     * is better. {@link #percentiles} asks the runs' batches too.
     */
    Judgement judgePercentile(Histogram hb, Histogram ha, double q, double vb, double va) {
        if (hb.getTotalCount() == 0 || ha.getTotalCount() == 0) {
            return Judgement.NOT_JUDGED;
        }
        double[] cb = interval(hb, q);
        double[] ca = interval(ha, q);
        boolean overlap = ca[0] <= cb[1] && cb[0] <= ca[1];
        if (overlap || !beyondFloor(vb, va)) {
            return Judgement.SAME;
        }
        return va > vb ? Judgement.WORSE : Judgement.BETTER;
    }

    /**
     * The distribution-free confidence interval of the {@code q}-quantile, in milliseconds:
     * {@code [value at rank n*q - z*sd, value at rank n*q + z*sd]}, {@code sd = sqrt(n*q*(1-q))}; open
     * ended (infinite) where that rank lies beyond the sample, as for a p99.99 of a few thousand values.
     */
    static double[] interval(Histogram h, double q) {
        long n = h.getTotalCount();
        double sd = Math.sqrt(n * q * (1 - q));
        double lo = Math.floor(n * q - Z * sd);
        double hi = Math.ceil(n * q + Z * sd);
        return new double[] {valueAtRank(h, lo) / 1000.0, valueAtRank(h, hi) / 1000.0};
    }

    /**
     * The value of rank {@code rank} (from 1) in microseconds: below the first rank nothing bounds the quantile
     * from below but zero, and beyond the n-th (the max) nothing bounds it from above.
     */
    private static double valueAtRank(Histogram h, double rank) {
        long n = h.getTotalCount();
        if (rank < 1) {
            return 0;
        }
        if (rank > n) {
            return Double.POSITIVE_INFINITY;
        }
        return rank == n ? h.getMaxValue() : h.getValueAtPercentile(100.0 * rank / n);
    }

    /**
     * Why throughput is not judged when a run has fewer than {@link #MIN_RATES} per-second rates ({@code nb}
     * before, {@code na} after): {@code too short for a spread of per-second rates: each run has 1 s of the 2 s it
     * needs}. Empty when both have enough.
     */
    static String tooShortForRates(int nb, int na) {
        String b = nb < MIN_RATES ? "has " + nb + " s of the " + MIN_RATES + " s it needs" : "";
        String a = na < MIN_RATES ? "has " + na + " s of the " + MIN_RATES + " s it needs" : "";
        String runs = shortRuns(b, a);
        return runs.isEmpty() ? "" : "too short for a spread of per-second rates in whole measured seconds: " + runs;
    }

    /**
     * The change of achieved rate from {@code rb} to {@code ra} judged by the per-second rates {@code sb} and
     * {@code sa} (at least {@link #MIN_RATES} each) and the noise floor; higher is better.
     */
    private Judgement judgeThroughput(double rb, double ra, double[] sb, double[] sa) {
        if (!beyondSamplingNoise(sb, sa, ra - rb) || !beyondFloor(rb, ra)) {
            return Judgement.SAME;
        }
        return ra < rb ? Judgement.WORSE : Judgement.BETTER;
    }

    /**
     * True if {@code difference} of two runs' rates is beyond the sampling noise of their per-second rates
     * {@code sb} and {@code sa} (at least 2 each) at {@link #CONFIDENCE}: Welch's t-test,
     *
     * <pre>{@code
     * se^2 = sb_var/nb + sa_var/na
     * df   = se^4 / ((sb_var/nb)^2/(nb-1) + (sa_var/na)^2/(na-1)), rounded down
     * |difference| > t(0.99, df) * se
     * }</pre>
     *
     * with {@link StudentT#critical Student's t} where {@code z = 2.576} would treat two or three seconds' spread
     * as known: 9.92 for two runs of 3 s whose rates spread alike, 63.66 for runs of 2 s. When neither run's rates
     * vary, any difference is beyond it.
     */
    static boolean beyondSamplingNoise(double[] sb, double[] sa, double difference) {
        double vb = variance(sb) / sb.length;
        double va = variance(sa) / sa.length;
        double se2 = vb + va;
        if (se2 == 0) {
            return difference != 0;
        }
        double df = se2 * se2 / (vb * vb / (sb.length - 1) + va * va / (sa.length - 1));
        int whole = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(df + 1e-9)));
        return Math.abs(difference) > StudentT.critical(whole, CONFIDENCE) * Math.sqrt(se2);
    }

    /** The sample variance of {@code xs} (at least 2 values). */
    private static double variance(double[] xs) {
        double mean = 0;
        for (double x : xs) {
            mean += x;
        }
        mean /= xs.length;
        double sum = 0;
        for (double x : xs) {
            sum += (x - mean) * (x - mean);
        }
        return sum / (xs.length - 1);
    }

    /**
     * The per-second achieved rates of measured full intervals ({@link BatchQuantiles#full}), in time order: the spread the achieved rate's
     * standard error comes from. When every measured phase is open-model, each is the share of the interval's
     * offered load answered, times the run's offered rate: a ramp's (or stages') rates vary by plan, not by
     * chance, and their spread (hundreds of req/s on a ramp to 1,000 req/s) would make a 20% loss of throughput
     * "within noise". A closed-model interval has no plan to share: its rate.
     */
    static double[] perSecond(RunResult r) {
        return perSecond(r, -1);
    }

    /**
     * {@link #perSecond(RunResult)} of request {@code i} (plan order), or of all requests when {@code i} is -1.
     * In the open model a name's rate is its share of its own offered load answered, times its offered rate: the
     * run's, times its share of the requests issued.
     */
    static double[] perSecond(RunResult r, int i) {
        boolean open =
                r.plan().phases().stream().filter(p -> !p.warmup()).allMatch(p -> p.load() instanceof LoadModel.Open);
        Stats total = r.total();
        double share = i < 0 || total.scheduled() == 0
                ? 1
                : (double) r.requests().get(i).scheduled() / total.scheduled();
        double offeredRate = r.offeredRate() * share;
        List<Double> rates = new ArrayList<>();
        boolean[] full = BatchQuantiles.full(r.timeline());
        for (int t = 0; t < full.length; t++) {
            TimelinePoint p = r.timeline().get(t);
            if (!full[t]
                    || p.total().scheduled() == 0
                    || (i >= 0 && i >= p.requests().size())) {
                continue;
            }
            double responses =
                    i < 0 ? p.total().responses() : p.requests().get(i).responses();
            double offered = i < 0 ? p.offered() : p.offeredOf(i);
            if (!open) {
                rates.add(responses / p.seconds());
            } else if (offered > 0) {
                rates.add(responses / offered * offeredRate);
            }
        }
        return rates.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Lower is better. */
    private Judgement judgeProportion(long eb, long nb, long ea, long na) {
        if (nb == 0 || na == 0) {
            return Judgement.NOT_JUDGED;
        }
        double pb = (double) eb / nb;
        double pa = (double) ea / na;
        double pooled = (double) (eb + ea) / (nb + na);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nb + 1.0 / na));
        if (se == 0 || Math.abs(pa - pb) / se <= Z || !beyondFloor(pb, pa)) {
            return Judgement.SAME;
        }
        return pa > pb ? Judgement.WORSE : Judgement.BETTER;
    }

    private boolean beyondFloor(double b, double a) {
        return Math.abs(a - b) > noise * Math.max(Math.abs(a), Math.abs(b));
    }

    // ---- text

    /** The comparison as a text table. */
    public void writeText(PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "gale compare  (noise floor %s, 99%% confidence)%n", Units.percent(noise));
        out.printf(Locale.ROOT, "  before  %s  %s  %s%n", beforeLabel, before.startedAt(), describe(before));
        out.printf(Locale.ROOT, "  after   %s  %s  %s%n", afterLabel, after.startedAt(), describe(after));
        for (String caveat : caveats()) {
            out.printf(Locale.ROOT, "  note: %s%n", caveat);
        }
        String group = null;
        out.println();
        out.printf(Locale.ROOT, "  %-22s %12s %12s %10s%n", "", "before", "after", "change");
        String request = "";
        for (Row r : rows) {
            if (!r.request().equals(request)) {
                request = r.request();
                out.println();
            }
            if (!r.section().equals(group)) {
                group = r.section();
                out.printf(Locale.ROOT, "  %s%n", group);
            }
            String judged = r.reason().isEmpty() ? r.judgement().label() : "(" + r.reason() + ": not judged)";
            out.println(String.format(
                            Locale.ROOT,
                            "    %-20s %12s %12s %10s  %s",
                            r.metric(),
                            r.show(r.before()),
                            r.show(r.after()),
                            r.change(),
                            judged)
                    .stripTrailing());
        }
        out.println();
        out.printf(Locale.ROOT, "  %s%n", summary());
        out.flush();
    }

    /** E.g. {@code 2 worse, 1 better, 12 within noise}. */
    public String summary() {
        return counts() + " (flagged only when outside both runs' 99% confidence intervals and more than "
                + Units.percent(noise) + " apart; a percentile, when its batches of seconds differ at 99% too)";
    }

    private String counts() {
        return count(Judgement.WORSE) + " worse, " + count(Judgement.BETTER) + " better, " + count(Judgement.SAME)
                + " within noise";
    }

    // ---- HTML

    static final String BEFORE_COLOR = "#64748b";
    static final String AFTER_COLOR = "#2563eb";
    static final String BEFORE_SERVICE_COLOR = "#a3a3a3";
    static final String AFTER_SERVICE_COLOR = "#16a34a";

    /** The comparison as one self-contained HTML page, with both distributions overlaid on one chart. */
    public String html() {
        HtmlPage page = new HtmlPage("gale compare: " + beforeLabel + " vs " + afterLabel);
        page.raw("<header class=\"top\"><div><h1><span class=\"brand\">gale</span> compare</h1>\n");
        page.raw("<p class=\"sub\"><b>before</b> ")
                .text(beforeLabel + ": " + describe(before) + ", started " + before.startedAt())
                .raw("</p>\n");
        page.raw("<p class=\"sub\"><b>after</b> ")
                .text(afterLabel + ": " + describe(after) + ", started " + after.startedAt())
                .raw("</p>\n</div>\n");
        String word = regressed() ? "WORSE" : count(Judgement.BETTER) > 0 ? "BETTER" : "NO CHANGE";
        String level = regressed() ? "bad" : count(Judgement.BETTER) > 0 ? "ok" : "info";
        HtmlReport.verdict(page, new Verdict(level, word, List.of(counts())));
        page.raw("</header>\n");
        for (String caveat : caveats()) {
            page.raw("<p class=\"note\">").text("Note: " + caveat + ".").raw("</p>\n");
        }

        page.section("distribution", "Latency by percentile, both runs");
        HtmlPage.Chart dist = new HtmlPage.Chart(
                "chart-compare-distribution",
                "nines",
                "Response time and service time by percentile (HdrHistogram's \"nines\" axis)",
                "ms");
        Charts.spectrum(dist, "before: response time", BEFORE_COLOR, false, beforeTotal.responseTime());
        Charts.spectrum(dist, "after: response time", AFTER_COLOR, false, afterTotal.responseTime());
        Charts.spectrum(dist, "before: service time", BEFORE_SERVICE_COLOR, true, beforeTotal.serviceTime());
        Charts.spectrum(dist, "after: service time", AFTER_SERVICE_COLOR, true, afterTotal.serviceTime());
        page.chart(dist);
        page.endSection();

        page.section("changes", "Changes");
        List<List<Object>> table = new ArrayList<>();
        for (Row r : rows) {
            String css = switch (r.judgement()) {
                case WORSE -> "worse";
                case BETTER -> "better";
                default -> "same";
            };
            table.add(List.of(
                    r.section(),
                    r.metric(),
                    HtmlPage.tdNum(r.show(r.before())),
                    HtmlPage.tdNum(r.show(r.after())),
                    HtmlPage.tdNum(r.change()),
                    HtmlPage.td(
                            css,
                            !r.reason().isEmpty()
                                    ? r.reason() + ": not judged"
                                    : r.judgement() == Judgement.NOT_JUDGED
                                            ? "not judged"
                                            : r.judgement() == Judgement.SAME
                                                    ? "within noise"
                                                    : r.judgement().label())));
        }
        page.table("comparison", List.of("", "metric", "before", "after", "change", "beyond noise?"), table);
        page.raw("<p class=\"note\">")
                .text("A change is flagged only when the two runs' 99% confidence intervals do"
                        + " not overlap (percentiles: distribution-free intervals from the order statistics of the merged"
                        + " histograms; throughput: Welch's t-test of the per-second rates, not judged with fewer than"
                        + " 2 whole measured seconds in either run; error rate and dropped: two-proportion"
                        + " z-test) and the values differ by more than " + Units.percent(noise) + " of the larger one."
                        + " Latencies within a run are correlated in time (a CPU burst, a GC or a slow second"
                        + " moves thousands of consecutive samples at once), so a percentile must also differ batch"
                        + " by batch: each run's measured seconds are cut into batches of at least 10/(1-q) samples"
                        + " (one second for the p99 at 2,000 req/s, five for the p99.9), and the two runs' batch"
                        + " percentiles must differ by a Wilcoxon rank-sum test at 99%. A percentile with fewer than"
                        + " 5 batches in either run is not judged, and says how many measured seconds a run needs.")
                .raw("</p>\n");
        page.endSection();

        page.section("over-time", "Over time, both runs");
        List<TimelinePoint> pb = Charts.plotted(before);
        List<TimelinePoint> pa = Charts.plotted(after);
        HtmlPage.Chart tp =
                new HtmlPage.Chart("chart-compare-throughput", "time", "Achieved requests per second", "req/s");
        Charts.steps(
                tp,
                "before",
                BEFORE_COLOR,
                false,
                false,
                pb,
                p -> Charts.rate(p, p.total().responses()));
        Charts.steps(
                tp,
                "after",
                AFTER_COLOR,
                false,
                false,
                pa,
                p -> Charts.rate(p, p.total().responses()));
        page.chart(tp);
        HtmlPage.Chart p99 = new HtmlPage.Chart("chart-compare-p99", "time", "Response time p99 per second", "ms");
        Charts.steps(p99, "before", BEFORE_COLOR, false, false, pb, p -> Charts.latency(p, Latency::p99));
        Charts.steps(p99, "after", AFTER_COLOR, false, false, pa, p -> Charts.latency(p, Latency::p99));
        page.chart(p99);
        page.endSection();
        page.raw("<footer>gale compare &middot; result format " + HtmlPage.esc(JsonReport.FORMAT) + "</footer>\n");
        return page.finish();
    }

    static String describe(RunResult r) {
        return PlanDescription.subject(r.plan()) + ", " + PlanDescription.load(r.plan());
    }
}
