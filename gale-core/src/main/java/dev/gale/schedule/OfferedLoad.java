package dev.gale.schedule;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RateCurve;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The load a plan offers: how many arrivals it has due over any stretch of a run, computed from the plan
 * alone, whatever the generator managed to send. Immutable and thread-safe.
 *
 * <p>An arrival is due in {@code [from, to)} if its intended start, {@code phaseStart + t} with {@code t} the
 * time {@link FireTimes#of} gives it, falls there. Phases are laid end to end ({@link Plan#phaseStartsNanos()})
 * with their own rate curve, tick and request limit, warm-up phases included, exactly as the event loops take
 * them:
 *
 * <ul>
 *   <li>evenly spaced arrivals: the exact count ({@link RateCurve#arrivalsBefore}), so the stretches of a
 *       run that ran its plan to the end add up to the plan's arrivals, and to the requests it scheduled;</li>
 *   <li>Poisson arrivals: the expected count, the integral of the rate (up to the request limit);</li>
 *   <li>closed-model phases have no arrivals to count: a stretch in which one runs has no figure.</li>
 * </ul>
 *
 * With a tick, an arrival is due on its tick ({@code t - t % tick}), where it is sent.
 */
public final class OfferedLoad {
    private final List<Phase> phases;
    private final long[] startNanos;
    private final long[] lengthNanos;
    /** Per phase, its rate curve; null for a closed-model phase. */
    private final RateCurve[] curves;

    private OfferedLoad(Plan plan) {
        this.phases = plan.phases();
        this.startNanos = plan.phaseStartsNanos();
        this.lengthNanos = new long[phases.size()];
        this.curves = new RateCurve[phases.size()];
        for (int p = 0; p < phases.size(); p++) {
            Phase ph = phases.get(p);
            lengthNanos[p] = ph.durationNanos();
            if (ph.load() instanceof LoadModel.Open o) {
                curves[p] = RateCurve.linear(o.startRatePerSecond(), o.endRatePerSecond(), lengthNanos[p]);
            }
        }
    }

    /** The load {@code plan} offers; the plan is valid ({@link Plan#validate()}). */
    public static OfferedLoad of(Plan plan) {
        return new OfferedLoad(plan);
    }

    /**
     * The arrivals due in {@code [fromNanos, toNanos)}, nanoseconds after the run's start: a whole number for
     * evenly spaced arrivals, an expectation for Poisson ones; 0 before and after the plan. Empty if a
     * closed-model phase runs in the stretch, even in part of it.
     */
    public OptionalDouble between(long fromNanos, long toNanos) {
        return dueOf(fromNanos, toNanos, null);
    }

    /**
     * The arrivals due in {@code [fromNanos, toNanos)} of the plan's warm-up phases ({@code warmup}) or of its
     * measured ones, as {@link #between(long, long)}: 0 where the stretch holds no phase of that kind, empty
     * where a closed-model phase of that kind runs in it. A stretch that a stall of gale made span a boundary
     * between a warm-up and a measured phase has arrivals of each kind.
     *
     * <p>Empty too where no phase of that kind runs in the stretch but a closed-model one of that kind starts at its
     * end or ended at its start: its users issue their first requests at the boundary, often in the microseconds
     * before the interval is cut, and their last ones may come as late; those requests are then its load offered.
     */
    public OptionalDouble between(long fromNanos, long toNanos, boolean warmup) {
        OptionalDouble due = dueOf(fromNanos, toNanos, warmup);
        if (due.isPresent() && due.getAsDouble() == 0 && closedAt(fromNanos, toNanos, warmup)) {
            return OptionalDouble.empty();
        }
        return due;
    }

    /**
     * True if no phase of kind {@code warmup} runs in {@code [fromNanos, toNanos)}, and a closed-model one of that
     * kind starts at {@code toNanos} or ends at {@code fromNanos}.
     */
    private boolean closedAt(long fromNanos, long toNanos, boolean warmup) {
        boolean adjacent = false;
        for (int p = 0; p < phases.size(); p++) {
            long start = startNanos[p];
            long length = lengthNanos[p];
            if (start == Long.MAX_VALUE || phases.get(p).warmup() != warmup) {
                continue;
            }
            long end = length == Long.MAX_VALUE ? Long.MAX_VALUE : start + length;
            if (start < toNanos && end > fromNanos) {
                return false; // one runs in the stretch: its own figure stands
            }
            adjacent |= curves[p] == null && (start == toNanos || end == fromNanos);
        }
        return adjacent;
    }

    /** The arrivals due in the stretch, of the phases of kind {@code warmup}, or of all phases if it is null. */
    private OptionalDouble dueOf(long fromNanos, long toNanos, Boolean warmup) {
        double sum = 0;
        for (int p = 0; p < phases.size(); p++) {
            long start = startNanos[p];
            if (start == Long.MAX_VALUE || toNanos < start || (toNanos == start && fromNanos < toNanos)) {
                break;
            }
            long length = lengthNanos[p];
            if ((length != Long.MAX_VALUE && fromNanos >= start + length)
                    || (warmup != null && phases.get(p).warmup() != warmup)) {
                continue;
            }
            if (curves[p] == null) {
                return OptionalDouble.empty();
            }
            sum += dueBefore(p, toNanos - start) - dueBefore(p, fromNanos - start);
        }
        return OptionalDouble.of(sum);
    }

    /** Arrivals of phase {@code p} intended before {@code tNanos} after its start. */
    private double dueBefore(int p, long tNanos) {
        if (tNanos <= 0) {
            return 0;
        }
        Phase ph = phases.get(p);
        LoadModel.Open o = (LoadModel.Open) ph.load();
        long t = tNanos;
        long tick = o.tickNanos();
        if (tick > 0 && t <= Long.MAX_VALUE - tick) {
            // A time moves back to the start of its tick: those before the first tick at or after t are due.
            t = Math.ceilDiv(t, tick) * tick;
        }
        double n = o.arrivals() == LoadModel.Arrivals.UNIFORM ? curves[p].arrivalsBefore(t) : curves[p].cumulative(t);
        return ph.maxRequests() > 0 ? Math.min(n, ph.maxRequests()) : n;
    }
}
