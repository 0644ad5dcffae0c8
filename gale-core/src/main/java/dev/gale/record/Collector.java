package dev.gale.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads every event loop's recorders once an interval, merges them by addition into one
 * {@link IntervalSnapshot}, and keeps the run's totals and timeline. The single reader of all
 * {@link RequestRecorder}s; its methods are synchronized so the periodic sampler and the final drain never
 * overlap.
 *
 * <p>Recorders are indexed by slot: request {@code i} of the plan records measured phases in slot
 * {@code i} and warm-up phases in slot {@code requestCount + i}. A collector for a plan with no warm-up phase
 * has no warm-up slots (each recorder holds six histograms, about 1.1 MB): its warm-up stats stay empty, one
 * per request as ever.
 *
 * <p>Allocation: an interval allocates one {@link Stats} only, its own total ({@link IntervalSnapshot#ownTotal()}),
 * which it hands on to whoever keeps it. Each slot has interval stats of its own, made with the collector
 * (before the run's clock starts, so that no interval pays for them) and filled anew in every interval the slot has
 * a request in; a slot with nothing in the interval (a warm-up slot in a measured second, a request name without a
 * request in it) shows one empty {@link Stats} the collector shares between them, and costs no merge. So a
 * snapshot's stats hold its interval only until the next {@link #sample}: see {@link IntervalSnapshot}.
 */
public final class Collector {
    private final int requestCount;
    private final int targetCount;
    private final boolean warmupSlots;
    private final List<RequestRecorder[]> recorders = new ArrayList<>();
    private final List<PoolGauges[]> gauges = new ArrayList<>();
    /** Per slot, the run's totals. */
    private final Stats[] totals;
    /** Per slot, the stats its intervals are added up in. */
    private final Stats[] interval;
    /** What a slot with nothing in an interval shows: never added into. */
    private final Stats none = new Stats();

    private final List<TimelinePoint> timeline = new ArrayList<>();
    private int nextIndex;

    /** A collector with warm-up slots: see {@link #Collector(int, int, boolean)}. */
    public Collector(int requestCount, int targetCount) {
        this(requestCount, targetCount, true);
    }

    /**
     * A collector for {@code requestCount} requests and {@code targetCount} targets.
     *
     * @param warmupSlots whether loops record warm-up phases: false for a plan with none, whose loops then
     *     get {@code requestCount} recorders, not twice as many, and whose warm-up totals are not kept
     */
    public Collector(int requestCount, int targetCount, boolean warmupSlots) {
        this.requestCount = requestCount;
        this.targetCount = targetCount;
        this.warmupSlots = warmupSlots;
        int slots = warmupSlots ? 2 * requestCount : requestCount;
        this.totals = new Stats[slots];
        this.interval = new Stats[slots];
        for (int i = 0; i < slots; i++) {
            totals[i] = new Stats();
            interval[i] = new Stats();
        }
    }

    /**
     * How many latency histograms a collector for {@code requestCount} requests holds with {@code loops} loops, at
     * most: per slot (two per request with warm-up slots, else one), each loop's recorder (two intervals of three
     * histograms each), the run's totals and the slot's interval stats (three each, as a {@link Stats} holds).
     *
     * <pre>{@code
     * requestCount * (warmupSlots ? 2 : 1) * (loops * 6 + 3 + 3)
     * }</pre>
     */
    public static long histograms(int requestCount, int loops, boolean warmupSlots) {
        long slots = (warmupSlots ? 2L : 1L) * requestCount;
        return slots * (loops * (long) RequestRecorder.HISTOGRAMS + Stats.HISTOGRAMS + Stats.HISTOGRAMS);
    }

    /**
     * Recorders for one more event loop: {@code 2 * requestCount} slots, or {@code requestCount} for a collector
     * without warm-up slots.
     */
    public synchronized RequestRecorder[] newLoopRecorders() {
        RequestRecorder[] r = new RequestRecorder[totals.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = new RequestRecorder();
        }
        recorders.add(r);
        return r;
    }

    /** Pool gauges for one more event loop, one per target. */
    public synchronized PoolGauges[] newLoopGauges() {
        PoolGauges[] g = new PoolGauges[targetCount];
        for (int i = 0; i < g.length; i++) {
            g[i] = new PoolGauges();
        }
        gauges.add(g);
        return g;
    }

    /**
     * Runs the sampling code once on the empty recorders, before anything is recorded: the first interval's
     * cut then takes tens of microseconds rather than hundreds, as the interpreter has been through it.
     */
    public synchronized void warmUp() {
        cut();
        for (Stats s : addUp()) {
            if (s != none) {
                throw new IllegalStateException("warmUp() after recording began");
            }
        }
    }

    /**
     * {@link #sample(long, long, String, boolean, OptionalDouble, OptionalDouble, double[])} of an interval in
     * phases of its own kind alone: the other kind had no arrivals due in it (where {@code offered} is empty, its
     * requests issued stand for its load offered, as the interval's own do).
     */
    public IntervalSnapshot sample(
            long startNanos, long endNanos, String phase, boolean warmup, OptionalDouble offered, double[] shares) {
        OptionalDouble other = offered.isPresent() ? OptionalDouble.of(0) : OptionalDouble.empty();
        return sample(startNanos, endNanos, phase, warmup, offered, other, shares);
    }

    /**
     * Drains all recorders into a snapshot of the interval {@code [startNanos, endNanos)} (relative to the
     * run start), adds it to the totals and appends its summary to the timeline. The snapshot's stats are this
     * collector's: the next call fills them again.
     *
     * @param offered the arrivals the plan had due in the interval in phases of its kind ({@code warmup}); empty
     *     where it has no such figure (a closed-model phase): then the requests of that kind issued in it stand
     *     for the load offered, each name its own
     * @param otherOffered the same of the other kind's phases: 0 but in an interval that spans a boundary between
     *     a warm-up and a measured phase
     * @param shares per request (plan order), its share of the arrivals (the request mix); read only if
     *     {@code offered} or {@code otherOffered} is present
     */
    public synchronized IntervalSnapshot sample(
            long startNanos,
            long endNanos,
            String phase,
            boolean warmup,
            OptionalDouble offered,
            OptionalDouble otherOffered,
            double[] shares) {
        // End every recorder's interval first, then add them up: adding takes far longer than cutting (the
        // first intervals run interpreted), and a recorder still open meanwhile would take in the next
        // interval's requests, the next phase's at a phase boundary.
        cut();
        Stats[] added = addUp();
        for (int i = 0; i < added.length; i++) {
            if (added[i] != none) {
                totals[i].add(added[i]);
            }
        }
        List<Stats> all = List.of(added);
        List<Stats> measured = all.subList(0, requestCount);
        List<Stats> warm =
                warmupSlots ? all.subList(requestCount, 2 * requestCount) : Collections.nCopies(requestCount, none);
        List<Double> perRequest = new ArrayList<>(requestCount);
        List<Double> otherPerRequest = new ArrayList<>(requestCount);
        double due = offered(offered, warmup ? warm : measured, shares, perRequest);
        double otherDue = offered(otherOffered, warmup ? measured : warm, shares, otherPerRequest);
        IntervalSnapshot snapshot = new IntervalSnapshot(
                nextIndex++,
                startNanos,
                endNanos,
                phase,
                warmup,
                measured,
                warm,
                levels(),
                due,
                perRequest,
                otherDue,
                otherPerRequest);
        if (!snapshot.isEmptyInstant()) {
            // Not a row of no length with nothing in it: the run's end when the sampler had just taken a sample
            // (a CSV's last row read 4.000,4.000 and nothing else).
            timeline.add(TimelinePoint.of(snapshot));
        }
        return snapshot;
    }

    /**
     * The load offered to requests of one kind, {@code offered} or else the requests of {@code kind} issued, and
     * per request its share of it, added to {@code perRequest}.
     */
    private double offered(OptionalDouble offered, List<Stats> kind, double[] shares, List<Double> perRequest) {
        if (offered.isPresent()) {
            double due = offered.getAsDouble();
            for (int i = 0; i < requestCount; i++) {
                perRequest.add(due * shares[i]);
            }
            return due;
        }
        double due = 0;
        for (int i = 0; i < requestCount; i++) {
            double issued = kind.get(i).scheduled();
            perRequest.add(issued);
            due += issued;
        }
        return due;
    }

    private void cut() {
        for (RequestRecorder[] loop : recorders) {
            for (RequestRecorder r : loop) {
                r.cut();
            }
        }
    }

    /**
     * Adds up each slot's cut over the loops: per slot, its interval stats, cleared and then filled, or {@link
     * #none} if no loop had anything in it.
     */
    private Stats[] addUp() {
        Stats[] added = new Stats[totals.length];
        for (int i = 0; i < added.length; i++) {
            Stats into = null;
            for (RequestRecorder[] loop : recorders) {
                RequestRecorder r = loop[i];
                if (into == null) {
                    if (r.cutIsEmpty()) {
                        r.endCut();
                        continue;
                    }
                    into = interval[i];
                    into.clear(); // of the last interval it had a request in
                }
                r.addCutTo(into);
            }
            added[i] = into == null ? none : into;
        }
        return added;
    }

    /** Pool figures per target, summed over loops, now. */
    public synchronized List<PoolLevels> levels() {
        List<PoolLevels> out = new ArrayList<>(targetCount);
        for (int t = 0; t < targetCount; t++) {
            PoolLevels.Builder b = new PoolLevels.Builder();
            for (PoolGauges[] loop : gauges) {
                loop[t].addTo(b);
            }
            out.add(b.build());
        }
        return out;
    }

    /** Measured totals per request, in plan order. Copies. */
    public synchronized List<Stats> measuredTotals() {
        List<Stats> out = new ArrayList<>(requestCount);
        for (int i = 0; i < requestCount; i++) {
            out.add(totals[i].copy());
        }
        return out;
    }

    /**
     * Warm-up totals per request, in plan order. Copies; without warm-up slots, one new empty {@link Stats} for every
     * request, not one each: a thousand request names made 550 MB of empty histograms at the run's end.
     */
    public synchronized List<Stats> warmupTotals() {
        if (!warmupSlots) {
            return Collections.nCopies(requestCount, new Stats());
        }
        List<Stats> out = new ArrayList<>(requestCount);
        for (int i = requestCount; i < 2 * requestCount; i++) {
            out.add(totals[i].copy());
        }
        return out;
    }

    /** The timeline so far. */
    public synchronized List<TimelinePoint> timeline() {
        return List.copyOf(timeline);
    }
}
