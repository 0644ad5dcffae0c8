package dev.gale.check;

import dev.gale.plan.Plan;
import dev.gale.plan.Threshold;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Measures a {@link Threshold}'s metric on merged {@link Stats} and gives the verdicts reports show.
 * Stateless; every method reads percentiles only from merged histograms.
 */
public final class ThresholdCheck {
    private ThresholdCheck() {}

    /**
     * The value of {@code t}'s metric, in its canonical unit (milliseconds, a fraction, a count or a rate).
     *
     * @param s the stats of the requests the threshold judges
     * @param seconds the measured time, for {@code rps}
     */
    public static double measure(Threshold t, Stats s, double seconds) {
        Histogram h = s.responseTime();
        long completed = s.completed();
        return switch (t.metric()) {
            case PERCENTILE -> h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(t.percentile()) / 1000.0;
            case MIN -> h.getTotalCount() == 0 ? 0 : h.getMinValue() / 1000.0;
            case MEAN -> h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0;
            case MAX -> h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
            case ERROR_RATE -> completed == 0 ? 0 : (double) s.errors() / completed;
            case ERRORS -> s.errors();
            case DROPPED -> s.dropped();
            case REQUESTS -> s.responses();
            case RPS -> seconds <= 0 ? 0 : s.responses() / seconds;
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
     * The verdict on every threshold of {@code r}'s plan, on its measured totals.
     *
     * @param aborted the threshold that stopped the run early and the value it had then, or null
     */
    public static List<ThresholdResult> evaluate(RunResult r, Abort aborted) {
        List<ThresholdResult> out = new ArrayList<>();
        for (Threshold t : r.plan().thresholds()) {
            if (aborted != null && aborted.threshold().equals(t)) {
                out.add(new ThresholdResult(
                        t.expression(),
                        aborted.measured() + " after " + Math.round(aborted.atSeconds()) + "s",
                        false,
                        true));
                continue;
            }
            double v = measure(t, select(t, r.plan(), r.requests()), r.measuredSeconds());
            out.add(new ThresholdResult(t.expression(), t.format(v), t.passes(v), false));
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
