package dev.gale.check;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.plan.Threshold;
import dev.gale.record.ErrorKind;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import dev.gale.report.Units;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Measures a {@link Threshold}'s metric on merged {@link Stats} and gives the verdicts reports show.
 * Stateless; every method reads percentiles only from merged histograms.
 */
public final class ThresholdCheck {
    private ThresholdCheck() {}

    /** What reports show as the measured value of a latency threshold that had no response time to judge. */
    public static final String NO_RESPONSE_TIME = "none (no response time recorded)";

    /**
     * The value of {@code t}'s metric, in its canonical unit (milliseconds, a fraction, a count or a rate), or
     * {@link Double#NaN} for a latency metric ({@code pN}, {@code min}, {@code mean}, {@code max}) of requests
     * none of which has a response time (no response and no timeout: every one failed otherwise, or none was
     * sent): there is no value to judge, and 0 would pass any upper limit.
     *
     * @param s the stats of the requests the threshold judges
     * @param seconds the measured time, for {@code rps}
     */
    public static double measure(Threshold t, Stats s, double seconds) {
        Histogram h = s.responseTime();
        boolean none = h.getTotalCount() == 0;
        return switch (t.metric()) {
            case PERCENTILE -> none ? Double.NaN : h.getValueAtPercentile(t.percentile()) / 1000.0;
            case MIN -> none ? Double.NaN : h.getMinValue() / 1000.0;
            case MEAN -> none ? Double.NaN : h.getMean() / 1000.0;
            case MAX -> none ? Double.NaN : h.getMaxValue() / 1000.0;
            case ERROR_RATE -> s.errorRate();
            case ERRORS -> s.errors();
            case DROPPED -> s.dropped();
            case REQUESTS -> s.responses();
            case RPS -> seconds <= 0 ? 0 : s.ratedResponses() / seconds;
        };
    }

    /**
     * The verdict on {@code t} over {@code s}, as the end of a run and {@code ;abort} both give it. A latency
     * threshold with no response time to judge fails, measured {@link #NO_RESPONSE_TIME}. One whose value
     * timed-out requests may have set (see {@link #lowerBound}) shows it as a lower bound ({@code >=3.01s
     * (timed out: a lower bound)}): it shows a lower limit is met, never an upper one.
     */
    public static ThresholdResult judge(Threshold t, Stats s, Plan plan, double seconds) {
        double v = measure(t, s, seconds);
        if (Double.isNaN(v)) {
            return new ThresholdResult(t.expression(), NO_RESPONSE_TIME, false, false);
        }
        if (lowerBound(t, s, plan, v)) {
            boolean lowerLimit = t.op() == Threshold.Op.GT || t.op() == Threshold.Op.GE;
            return new ThresholdResult(
                    t.expression(), ">=" + shown(t, v) + " " + TIMED_OUT, lowerLimit && t.passes(v), false);
        }
        return new ThresholdResult(t.expression(), shown(t, v), t.passes(v), false);
    }

    /** The most digits {@link #shown} adds to a figure's usual ones; far more than any value needs. */
    private static final int MAX_EXTRA_DECIMALS = 15;

    /**
     * A measured value of {@code t}, in its canonical unit, as reports show it: as the summary shows the same
     * figure, whatever unit the limit was written in, with as many more decimals as it takes to read on the
     * same side of the limit as the value is, and off the limit unless the value is the limit exactly. A
     * latency is in the unit that fits it ({@link Units#millis}: {@code 289.00us}, {@code 1.25ms}, {@code
     * 2.01s}; but {@code 90.05s} for {@code 1.50m}, so that decimals can always tell it from the limit), an
     * error rate in % with two decimals, a rate per second with one ({@code 1,234.5/s}), a count whole
     * ({@code 12,345}). So 1.249 ms reads {@code 1.25ms}, but {@code 1.249ms} against {@code p99<1.25ms}, which
     * it passes; an error rate of 0.001% reads {@code 0.00%}, but {@code 0.001%} against {@code error_rate==0},
     * which it fails; and 1.002 s reads {@code 1.002s} against {@code p50<1s}, which it fails, where {@code
     * 1.00s} would leave the reader to wonder why a value on the limit failed (and {@code p50<=1s} beside it
     * read {@code 1.002s}).
     */
    static String shown(Threshold t, double measured) {
        boolean passes = t.passes(measured);
        String figure = figure(t, measured, 0);
        for (int extra = 1; extra <= MAX_EXTRA_DECIMALS && misleads(t, figure, measured, passes); extra++) {
            figure = figure(t, measured, extra);
        }
        return figure;
    }

    /**
     * True if {@code figure}, written for {@code measured}, reads against the verdict {@code passes}, or on
     * {@code t}'s limit when the value is not on it: a count is whole and exact, so only a rounded latency, error
     * rate or rate ever does.
     */
    private static boolean misleads(Threshold t, String figure, double measured, boolean passes) {
        double read = read(figure);
        return t.passes(read) != passes || (read == t.limit() && measured != t.limit());
    }

    /** {@code v} as the summary writes {@code t}'s metric, with {@code extra} more decimals. */
    private static String figure(Threshold t, double v, int extra) {
        return switch (t.metric()) {
            // Never in minutes, which a limit is not written in either (see Units.millisUpToSeconds).
            case PERCENTILE, MIN, MEAN, MAX -> Units.millisUpToSeconds(v, 2 + extra);
            case ERROR_RATE -> Units.percent(v, 2 + extra);
            case RPS -> Units.rate(v, 1 + extra) + "/s";
            case ERRORS, DROPPED, REQUESTS -> Units.count(Math.round(v));
        };
    }

    /**
     * The value a {@link #figure} reads as, in the canonical unit, as the double nearest to it (as limits
     * are): {@code 289.00us} is 0.289, {@code 1.25ms} 1.25, {@code 2.01s} 2010, {@code 0.25%} 0.0025, {@code
     * 1,000.01/s} 1000.01. Every unit is a power of ten of the canonical one, so the figure, with enough
     * decimals, is the value exactly.
     */
    private static double read(String figure) {
        String text = figure.replace(",", "");
        int end = text.length();
        while (end > 0 && !Character.isDigit(text.charAt(end - 1))) {
            end--;
        }
        return Threshold.canonical(new BigDecimal(text.substring(0, end)), text.substring(end));
    }

    /**
     * True if latency {@code v} of {@code t} may have been set by requests that timed out, whose recorded
     * time is only a lower bound of what they would have taken: a mean with any timeout in it, or a value
     * at or above the shortest timeout the requests met (connect, read, request or acquire: the kinds recorded).
     */
    static boolean lowerBound(Threshold t, Stats s, Plan plan, double v) {
        if (!t.metric().latency() || s.timeouts() == 0) {
            return false;
        }
        return t.metric() == Threshold.Metric.MEAN || v >= shortestTimeoutMillis(t, s, plan);
    }

    /** After the lower bound a latency threshold measured on timed-out requests shows. */
    public static final String TIMED_OUT = "(timed out: a lower bound)";

    /**
     * The shortest timeout the requests {@code t} judges met, in milliseconds: of the connect, read,
     * acquire and request timeouts (the kinds recorded at their elapsed time) that occurred in {@code s}, the least over
     * the targets of its requests. A latency at or above it may be a timed-out request's.
     */
    static double shortestTimeoutMillis(Threshold t, Stats s, Plan plan) {
        double shortest = Double.MAX_VALUE;
        for (RequestSpec q : plan.requests()) {
            if (t.request() != null && !t.request().equals(q.name())) {
                continue;
            }
            ConnectionSettings c =
                    plan.target(q.target()).map(Target::connections).orElseThrow();
            for (ErrorKind kind : ErrorKind.values()) {
                if (kind.isTimeout() && s.errors(kind) > 0) {
                    shortest = Math.min(shortest, timeout(kind, c).toNanos() / 1e6);
                }
            }
        }
        return shortest;
    }

    /** The setting after which a request fails with {@code kind}, one of the {@link ErrorKind#isTimeout} kinds. */
    private static Duration timeout(ErrorKind kind, ConnectionSettings c) {
        return switch (kind) {
            case READ_TIMEOUT -> c.readTimeout();
            case ACQUIRE_TIMEOUT -> c.acquireTimeout();
            case REQUEST_TIMEOUT -> c.requestTimeout();
            case CONNECT_TIMEOUT -> c.connectTimeout();
            default -> throw new IllegalArgumentException(kind + " is not a timeout");
        };
    }

    /** The stats {@code t} judges: those of its request, or all of {@code perRequest} added up. */
    public static Stats select(Threshold t, Plan plan, List<Stats> perRequest) {
        if (t.request() != null) {
            int i = plan.requestIndex(t.request());
            return i < 0 ? new Stats() : perRequest.get(i);
        }
        Stats all = new Stats();
        perRequest.forEach(all::add);
        return all;
    }

    /**
     * The verdict on every threshold of {@code r}'s plan, on its measured totals. A latency threshold with
     * no response time to judge fails: the run did not show that the limit holds. When the run stopped before
     * anything was measured (Ctrl-C during the warm-up), no threshold is evaluated: there is no value, and 0/s
     * or a missing latency would blame the target for the stop ({@link ThresholdResult#notEvaluated}).
     *
     * @param aborted the threshold that stopped the run early and the value it had then, or null
     */
    public static List<ThresholdResult> evaluate(RunResult r, Abort aborted) {
        List<ThresholdResult> out = new ArrayList<>();
        for (Threshold t : r.plan().thresholds()) {
            if (aborted == null && r.interrupted() && r.measuredNanos() == 0) {
                out.add(ThresholdResult.notEvaluated(t.expression()));
                continue;
            }
            if (aborted != null && aborted.threshold().equals(t)) {
                out.add(new ThresholdResult(
                        t.expression(),
                        aborted.measured() + " after " + Math.round(aborted.atSeconds()) + "s",
                        false,
                        true));
                continue;
            }
            out.add(judge(t, select(t, r.plan(), r.requests()), r.plan(), r.measuredSeconds()));
        }
        return out;
    }

    /**
     * A threshold that stopped a run.
     *
     * @param threshold which one
     * @param measured its value when it failed, formatted
     * @param atSeconds measured seconds when it failed
     */
    public record Abort(Threshold threshold, String measured, double atSeconds) {
        /** What reports say about it: {@code threshold p99<50ms failed (measured 62.10ms after 4s)}. */
        public String reason() {
            return "threshold " + threshold.expression() + " failed (measured " + measured + " after "
                    + Math.round(atSeconds) + "s)";
        }
    }
}
