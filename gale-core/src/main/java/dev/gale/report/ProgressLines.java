package dev.gale.report;

import dev.gale.engine.Run;
import dev.gale.engine.RunListener;
import dev.gale.plan.Plan;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.Stats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live view for logs and pipes: one plain line per interval on stderr, {@code [  3s/10s] 2,000.0 req/s
 * (offered 2,000.0)  p50 1.20ms  p99 3.40ms  max 9.10ms  errors 3 (0.15%, status: 3)  in-flight 12  open 14}, a
 * {@code warning:} line when requests did not go out on time ({@link ScheduleCheck}), and the first connect
 * failure of each target. Figures are of the last interval's requests of its own kind ({@link
 * IntervalSnapshot#ownTotal()}: a measured second's measured ones, as its row of the timeline); offered is what the
 * plan had due in it ({@link IntervalSnapshot#offered()}), whatever gale managed to send. Thread-safe: intervals
 * arrive on the collector thread, connect failures on event loops.
 */
public final class ProgressLines implements RunListener {
    /** How long after the instant it was due at an interval may end and still show that instant. */
    static final double ON_TIME_SECONDS = 0.05;

    private final PrintWriter err;
    private final double totalSeconds;
    /** Phase boundaries (seconds since the run start), where intervals also end. */
    private final double[] boundaries;
    /** The interval being shown is the run's last. */
    private boolean last;
    /** The elapsed time the previous line showed. */
    private String shownBefore = "";
    /** Each target's request timeout, in plan order: the end waits the longest of those with requests still out. */
    private final List<Duration> requestTimeouts;
    /** Whether the wait past the plan's end has been noted. */
    private boolean waitNoted;

    private final ScheduleCheck schedule;
    /** False for {@code --progress off}: the warnings without the lines. */
    private final boolean lines;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param planned the plan's length, or zero if unknown (a phase ends on a number of requests)
     * @param plan the plan being run, to tell when the generator falls behind
     */
    public ProgressLines(PrintWriter err, Duration planned, Plan plan) {
        this(err, planned, plan, true);
    }

    private ProgressLines(PrintWriter err, Duration planned, Plan plan, boolean lines) {
        this.lines = lines;
        this.err = err;
        this.totalSeconds = planned.toNanos() / 1e9;
        this.boundaries = boundaries(plan);
        this.schedule = new ScheduleCheck(plan);
        this.requestTimeouts = requestTimeouts(plan);
    }

    @Override
    public synchronized void onLastInterval(IntervalSnapshot s) {
        last = true;
        onInterval(s);
    }

    /**
     * No live view ({@code --progress off}), but the warnings it gives: a target that cannot be connected to or
     * that breaks HTTP/1.1, requests that did not go out on time. A warning is no progress.
     */
    public static ProgressLines warningsOnly(PrintWriter err, Duration planned, Plan plan) {
        return new ProgressLines(err, planned, plan, false);
    }

    @Override
    public synchronized void onInterval(IntervalSnapshot s) {
        // The line's figures are the interval's own kind's, as its row of the timeline: not the warm-up's last
        // responses in the first measured second. The requests issued and the warnings count both, as the load
        // offered does.
        Stats own = s.ownTotal();
        Stats t = s.total();
        double secs = s.seconds();
        if (isEmptyTail(s, t)) {
            return;
        }
        boolean shortTail = last && (secs < 0.5 || (t.scheduled() == 0 && secs < 0.9));
        if (!lines) {
            // The warnings the lines would give, and only those: none of the short tail after the run.
            String warning = shortTail ? null : schedule.warn(s, t);
            if (warning != null) {
                err.printf(Locale.ROOT, "warning: %s%n", warning);
                err.flush();
            }
            return;
        }
        Latency l = Latency.of(own.responseTime());
        PoolLevels pools = s.pools();
        String elapsed = elapsed(s.endNanos() / 1e9, totalSeconds, boundaries);
        if (elapsed.equals(shownBefore)) {
            // Two stalls ended within a tenth of a second of each other: milliseconds tell the lines apart.
            elapsed = Units.clock(s.endNanos() / 1e9);
        }
        shownBefore = elapsed;
        String clock = totalSeconds > 0 ? elapsed + "/" + Units.clock(totalSeconds) : elapsed;
        if (shortTail) {
            // The short tail after the last whole interval: a rate over a few milliseconds would mean nothing.
            // The requests issued, as the behind-schedule warning counts them ('issued 400 of the 600 requests
            // due'): some may never have been written to a connection (the cancelled ones still queued).
            err.printf(
                    Locale.ROOT,
                    "[%9s] %s: %s, %s%s, max %s%n",
                    "end",
                    t.scheduled() == 0
                            ? "in-flight requests finished"
                            : Units.count(t.scheduled()) + " issued in the last " + Units.millis(secs * 1000),
                    Units.count(own.responses(), "response"),
                    Units.count(own.errors(), "error"),
                    own.cancelled() > 0 ? ", " + Units.count(own.cancelled()) + " cancelled" : "",
                    Units.millis(l, Latency::max));
            err.flush();
            return;
        }
        String kinds = Verdict.kinds(own);
        err.printf(
                Locale.ROOT,
                "[%9s] %s%s req/s (offered %s)  p50 %s  p99 %s  max %s  errors %s%s%s  in-flight %d%s  open %d%n",
                clock,
                s.warmup() ? "warm-up " : "",
                Units.rate(own.responses() / secs),
                Units.rate(s.offered() / secs),
                Units.millis(l, Latency::p50),
                Units.millis(l, Latency::p99),
                Units.millis(l, Latency::max),
                Units.count(own.errors()),
                kinds.isEmpty() ? "" : " (" + Units.percent(own.errorRate()) + ", " + kinds + ")",
                // The requests still queued or out when gale stopped: no errors, but no longer in any count here.
                own.cancelled() > 0 ? "  cancelled " + Units.count(own.cancelled()) : "",
                pools.inFlight(),
                // Apart, as the live view, the CSV and the JSON keep them: a queue is not requests in flight.
                pools.queued() > 0 ? "  queued " + Units.count(pools.queued()) : "",
                pools.openConnections());
        String warning = schedule.warn(s, t);
        if (warning != null) {
            err.printf(Locale.ROOT, "warning: %s%n", warning);
        }
        String waiting =
                waitNoted ? null : waitAfterEnd(s.endNanos() / 1e9, totalSeconds, s.targets(), requestTimeouts);
        if (waiting != null) {
            waitNoted = true; // once: the lines that follow show the requests still in flight
            err.printf(Locale.ROOT, "note: the plan ended at %s: %s%n", Units.clock(totalSeconds), waiting);
        }
        err.flush();
    }

    /**
     * What a run past its planned end waits for, as the live views say it: {@code waiting up to 19s more for 2
     * requests still out (request timeout 20s); Ctrl-C stops sooner}. The run waits for
     * them up to {@link Run#endWait(Plan)} after its schedule ends. Null
     * before the end, with nothing out, or when the plan's length is not known.
     *
     * @param elapsed seconds since the run started
     * @param plannedSeconds the plan's length in seconds, 0 if unknown
     */
    static String waitAfterEnd(
            double elapsed, double plannedSeconds, List<PoolLevels> targets, List<Duration> requestTimeouts) {
        if (plannedSeconds <= 0 || elapsed < plannedSeconds + ON_TIME_SECONDS) {
            return null;
        }
        // The wait is as long as the longest request timeout of the targets that still have requests out: an
        // idle target's longer timeout said "up to 10s" where the run's last requests would time out in 4.
        long out = 0;
        Duration longest = Duration.ZERO;
        for (int i = 0; i < Math.min(targets.size(), requestTimeouts.size()); i++) {
            long o = targets.get(i).inFlight() + targets.get(i).queued();
            if (o > 0) {
                out += o;
                longest = longest.compareTo(requestTimeouts.get(i)) >= 0 ? longest : requestTimeouts.get(i);
            }
        }
        if (out == 0) {
            return null;
        }
        double left = Run.endWait(longest).toNanos() / 1e9 - (elapsed - plannedSeconds);
        return "waiting" + (left >= 1 ? " up to " + Units.clock(Math.ceil(left)) + " more" : "") + " for "
                + Units.count(out, "request") + " still out (request timeout " + Units.duration(longest)
                + "); Ctrl-C stops sooner";
    }

    /** The request timeout of each of {@code plan}'s targets, in plan order, as {@link #waitAfterEnd} takes them. */
    static List<Duration> requestTimeouts(Plan plan) {
        return plan.targets().stream()
                .map(t -> t.connections().requestTimeout())
                .toList();
    }

    /** The short tail after the last full interval, with nothing in it; {@code total} is {@code s.total()}. */
    static boolean isEmptyTail(IntervalSnapshot s, Stats total) {
        double secs = s.seconds();
        return secs <= 0 || (secs < 0.5 && total.scheduled() == 0 && total.completed() == 0);
    }

    @Override
    public synchronized void onStop(long atNanos) {
        err.println(stopping(atNanos));
        err.flush();
    }

    /**
     * The line that says a stop was heard, at once: the lines of the seconds still to come, and then nothing at all
     * for up to the stop's grace, read as a run that had not heard it, and a second Ctrl-C lost every output.
     * {@code stopping at 2.2s: waiting up to 2s for the requests still out, then writing the results}.
     */
    static String stopping(long atNanos) {
        return atNanos == 0
                ? "stopping before the start: nothing was sent; writing the results"
                : String.format(
                        Locale.ROOT,
                        "stopping at %.1fs: waiting up to %s for the requests still out, then writing the results",
                        atNanos / 1e9,
                        Units.length(Run.STOP_GRACE));
    }

    @Override
    public void onConnectFailure(Target target, ErrorKind kind, String detail) {
        if (warned.add(target.name() + "/" + kind)) {
            synchronized (this) {
                err.printf(
                        Locale.ROOT, "warning: cannot connect to %s: %s (%s)%n", target.baseUrl(), kind.key(), detail);
                err.flush();
            }
        }
    }

    @Override
    public void onProtocolError(Target target, String detail) {
        if (warned.add(target.name() + "/protocol")) {
            synchronized (this) {
                err.printf(Locale.ROOT, "warning: %s broke HTTP/1.1: %s%n", target.baseUrl(), detail);
                err.flush();
            }
        }
    }

    /**
     * The elapsed time as progress shows it at the end of an interval. Intervals end at whole seconds, at the
     * phase boundaries of {@code boundaries} and at the planned end, and show that instant: {@code 3s}, and
     * {@code 1.5s} at the end of a 1.5 s plan. An end up to {@value #ON_TIME_SECONDS} s after such an instant
     * shows it too (the collector is a little late at times). An interval that ends elsewhere ended when the
     * collector ran again after a stall of gale itself, or is the run's last: it shows its end cut to a tenth
     * of a second, {@code 2.7s}, never the whole second that comes after it, which the next interval shows.
     *
     * @param plannedSeconds 0 if unknown
     */
    static String elapsed(double seconds, double plannedSeconds, double[] boundaries) {
        double mark = Math.floor(seconds); // the last instant an interval may have been due at
        if (plannedSeconds > mark && plannedSeconds <= seconds) {
            mark = plannedSeconds;
        }
        for (double b : boundaries) {
            if (b > mark && b <= seconds) {
                mark = b;
            }
        }
        if (seconds - mark < ON_TIME_SECONDS) {
            return Units.clock(mark);
        }
        return Units.clock(Math.floor(seconds * 10) / 10);
    }

    /** When each phase after the first starts, in seconds since the run start, as far as the plan says. */
    static double[] boundaries(Plan plan) {
        return Arrays.stream(plan.phaseStartsNanos())
                .filter(t -> t > 0 && t != Long.MAX_VALUE)
                .mapToDouble(t -> t / 1e9)
                .toArray();
    }
}
