package dev.gale.check;

import dev.gale.engine.RunListener;
import dev.gale.plan.Plan;
import dev.gale.plan.Threshold;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Evaluates the plan's {@code abort} thresholds every interval, on the measured (non-warm-up) snapshots
 * merged since the start, and stops the run the first time one fails once its grace period of measured
 * load has passed. Thresholds without {@code abort} are only judged at the end ({@link ThresholdCheck}), and so
 * are those a run cannot fail before its end: a limit that a metric moving one way may still reach by the end
 * ({@code requests>=800}, which 300 requests after a second of four do not fail, {@code max>=200ms}, {@code
 * min<1ms}; see {@link Threshold#abortsBeforeEnd}).
 *
 * <p>Called on the run's collector thread (one interval at a time); {@link #aborted()} may be read from
 * any thread.
 */
public final class ThresholdWatch implements RunListener {
    private final Plan plan;
    private final List<Threshold> watched;
    /**
     * Per request (plan order), its measured totals if an abort threshold names it, else one empty {@link Stats} for
     * all the others, never added to: a plan of many request names would keep about 550 KiB of histograms per name
     * that nothing reads. Empty without abort thresholds.
     */
    private final List<Stats> totals;
    /** The requests (plan order) an abort threshold names: those whose totals are kept. */
    private final int[] named;
    /**
     * All requests' measured totals, kept as they come rather than merged again every interval; null unless an abort
     * threshold judges all requests.
     */
    private final Stats all;

    /** How far before the plan's end an interval may be cut and still count as its last: a phase boundary. */
    private static final long END_SLACK_NANOS = 1_000_000L;

    private final Consumer<String> stop;
    private double measuredSeconds;
    private volatile ThresholdCheck.Abort aborted;

    /**
     * @param stop called once, with the reason, when a threshold fails: normally {@code run::stop}
     */
    public ThresholdWatch(Plan plan, Consumer<String> stop) {
        this.plan = plan;
        this.watched =
                plan.thresholds().stream().filter(Threshold::abortsBeforeEnd).toList();
        this.stop = stop;
        SortedSet<Integer> names = new TreeSet<>();
        boolean anyAll = false;
        for (Threshold t : watched) {
            int i = t.request() == null ? -1 : plan.requestIndex(t.request());
            if (t.request() == null) {
                anyAll = true;
            } else if (i >= 0) {
                names.add(i);
            }
        }
        this.named = names.stream().mapToInt(Integer::intValue).toArray();
        this.all = anyAll ? new Stats() : null;
        if (watched.isEmpty()) {
            this.totals = List.of();
        } else {
            this.totals = new ArrayList<>(Collections.nCopies(plan.requests().size(), new Stats()));
            for (int i : named) {
                totals.set(i, new Stats());
            }
        }
    }

    /** True if the plan has a threshold that may stop the run. */
    public boolean active() {
        return !watched.isEmpty();
    }

    /** The threshold that stopped the run, or null. */
    public ThresholdCheck.Abort aborted() {
        return aborted;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        if (watched.isEmpty() || aborted != null) {
            return;
        }
        // Snapshots keep warm-up requests apart: requests() holds measured ones only.
        for (int i : named) {
            totals.get(i).add(s.requests().get(i));
        }
        if (all != null) {
            s.requests().forEach(all::add);
        }
        if (s.warmup()) {
            return;
        }
        measuredSeconds += s.seconds();
        long planned = plan.measuredPlannedNanos();
        if (planned > 0 && measuredSeconds * 1e9 >= planned - END_SLACK_NANOS) {
            // The plan's end, or the wait for its last responses: nothing is left to stop, and the end judges
            // every threshold. A failure found here is a plain FAIL, not a run stopped early.
            return;
        }
        for (Threshold t : watched) {
            if (measuredSeconds * 1e9 < t.abortGrace().toNanos()) {
                continue;
            }
            Stats judged = t.request() == null ? all : ThresholdCheck.select(t, plan, totals);
            if (t.metric().latency() && judged.responseTime().getTotalCount() == 0) {
                continue; // no response time yet: nothing to judge until one arrives (the end judges it anyway)
            }
            ThresholdResult verdict = ThresholdCheck.judge(t, judged, plan, measuredSeconds);
            // A metric that moves one way and has not reached the limit of == yet may still reach it
            // (Threshold#mayStillPass). The verdict is the end's rule, which for a latency set by timeouts is no
            // plain comparison.
            boolean failed = !verdict.passed() && !t.mayStillPass(ThresholdCheck.measure(t, judged, measuredSeconds));
            if (failed) {
                ThresholdCheck.Abort a = new ThresholdCheck.Abort(t, verdict.measured(), measuredSeconds);
                aborted = a;
                stop.accept(a.reason());
                return;
            }
        }
    }
}
