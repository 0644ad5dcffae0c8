package dev.gale.report;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live view for a terminal: a block of lines on stderr redrawn in place every interval with ANSI escape
 * sequences (cursor up, clear to the end of the screen). It shows elapsed and planned time with a progress
 * bar, achieved against offered rate, p50 / p99 / max of the last interval, requests done, in flight and
 * queued, open connections, errors by kind (run so far, and the last interval), and a warning line when
 * requests did not go out on time ({@link ScheduleCheck}). Connect failures are printed once per target and
 * kind above the block. Colours unless {@code color} is false (the CLI honours {@code NO_COLOR}).
 *
 * <p>Thread-safe: intervals arrive on the collector thread, connect failures on event loops.
 */
public final class LiveView implements RunListener {
    private static final String UP = "\u001b[%dA";
    private static final String CLEAR_DOWN = "\u001b[J";
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private static final int BAR_WIDTH = 40;

    private final PrintWriter err;
    private final Plan plan;
    private final double totalSeconds;
    /** Phase boundaries (seconds since the run start), where intervals also end. */
    private final double[] boundaries;

    private final boolean color;
    private final boolean unicode;
    private final int width;
    private final ScheduleCheck schedule;
    /** Each target's request timeout, in plan order: the end waits the longest of those with requests still out. */
    private final List<Duration> requestTimeouts;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Stats soFar = new Stats();
    private List<String> block = List.of();
    /** The last full interval: its times and offered load, never its stats, which the next interval fills again. */
    private IntervalSnapshot lastFull;

    private Stats lastFullOwn;
    /** The schedule warning of {@link #lastFull}, worked out from its stats while they were its own; or null. */
    private String lastFullWarning;

    private int drawn;

    /**
     * @param plan the plan being run
     * @param planned the plan's length, or zero if unknown (a phase ends on a number of requests)
     * @param color whether to use colours
     * @param unicode whether the terminal shows Unicode block characters (otherwise ASCII)
     * @param width the terminal's width in columns; lines are cut to it
     */
    public LiveView(PrintWriter err, Plan plan, Duration planned, boolean color, boolean unicode, int width) {
        this.err = err;
        this.plan = plan;
        this.totalSeconds = planned.toNanos() / 1e9;
        this.boundaries = ProgressLines.boundaries(plan);
        this.color = color;
        this.unicode = unicode;
        this.width = Math.max(40, width);
        this.schedule = new ScheduleCheck(plan);
        this.requestTimeouts = ProgressLines.requestTimeouts(plan);
    }

    @Override
    public synchronized void onInterval(IntervalSnapshot s) {
        Stats own = s.ownTotal();
        Stats total = s.total();
        soFar.add(total);
        if (ProgressLines.isEmptyTail(s, total)) {
            return;
        }
        // The short tail while the last responses come in: rates over a fraction of a second with nothing
        // offered would read as a collapse, so keep the last full interval's rates and latencies.
        if (s.seconds() >= 0.5 || lastFull == null) {
            lastFull = s;
            lastFullOwn = own;
            lastFullWarning = schedule.warn(s, total);
        }
        block = lines(lastFull, lastFullOwn, lastFullWarning, s);
        redraw();
    }

    @Override
    public synchronized void onStop(long atNanos) {
        erase();
        err.print(ProgressLines.stopping(atNanos) + "\n");
        redraw();
    }

    @Override
    public void onConnectFailure(Target target, ErrorKind kind, String detail) {
        if (warned.add(target.name() + "/" + kind)) {
            synchronized (this) {
                erase();
                err.print(paint(YELLOW, "warning: ") + "cannot connect to " + target.baseUrl() + ": " + kind.key()
                        + " (" + detail + ")\n");
                redraw();
            }
        }
    }

    @Override
    public void onProtocolError(Target target, String detail) {
        if (warned.add(target.name() + "/protocol")) {
            synchronized (this) {
                erase();
                err.print(paint(YELLOW, "warning: ") + target.baseUrl() + " broke HTTP/1.1: " + detail + "\n");
                redraw();
            }
        }
    }

    private void erase() {
        if (drawn > 0) {
            err.print("\r" + String.format(Locale.ROOT, UP, drawn) + CLEAR_DOWN);
            drawn = 0;
        }
    }

    private void redraw() {
        StringBuilder b = new StringBuilder();
        if (drawn > 0) {
            b.append('\r').append(String.format(Locale.ROOT, UP, drawn)).append(CLEAR_DOWN);
        }
        for (String line : block) {
            b.append(line).append('\n');
        }
        err.print(b);
        err.flush();
        drawn = block.size();
    }

    /**
     * The block: rates and latencies of interval {@code s}'s requests of its own kind ({@code own}, its {@code
     * ownTotal()}: a measured second's measured ones, as its row of the timeline), the schedule warning of all its
     * requests ({@code t}, its {@code total()}), the clock and pool levels of interval {@code now} (the same one,
     * but for the run's short tail). Package-private for tests.
     */
    List<String> lines(IntervalSnapshot s, Stats own, Stats t, IntervalSnapshot now) {
        return lines(s, own, schedule.warn(s, t), now);
    }

    /** As {@link #lines(IntervalSnapshot, Stats, Stats, IntervalSnapshot)}, with the schedule warning of {@code s}. */
    private List<String> lines(IntervalSnapshot s, Stats own, String warning, IntervalSnapshot now) {
        double secs = s.seconds();
        Latency l = Latency.of(own.responseTime());
        PoolLevels pools = now.pools();
        double elapsed = now.endNanos() / 1e9;
        List<String> out = new ArrayList<>();

        out.add(paint(BOLD, "gale") + " " + PlanDescription.subject(plan) + "  "
                + paint(DIM, PlanDescription.load(plan)));

        StringBuilder progress = new StringBuilder();
        if (totalSeconds > 0) {
            double fraction = Math.min(1, elapsed / totalSeconds);
            int full = (int) Math.round(fraction * BAR_WIDTH);
            String done = (unicode ? "\u2588" : "#").repeat(full);
            String todo = (unicode ? "\u2591" : ".").repeat(BAR_WIDTH - full);
            progress.append(paint(CYAN, done))
                    .append(paint(DIM, todo))
                    .append(' ')
                    .append(String.format(
                            Locale.ROOT,
                            "%5s / %s  %3.0f%%",
                            ProgressLines.elapsed(elapsed, totalSeconds, boundaries),
                            Units.clock(totalSeconds),
                            fraction * 100));
        } else {
            progress.append(String.format(Locale.ROOT, "%.0fs elapsed", elapsed));
        }
        if (now.warmup()) {
            progress.append("  ").append(paint(YELLOW, "warm-up"));
        }
        if (plan.phases().size() > 1) {
            progress.append("  phase ").append(now.phase());
        }
        out.add(progress.toString());
        String waiting = ProgressLines.waitAfterEnd(elapsed, totalSeconds, now.targets(), requestTimeouts);
        if (waiting != null) {
            out.add(paint(YELLOW, waiting));
        }

        double achieved = own.responses() / secs;
        double offered = s.offered() / secs;
        String achievedText = Units.rate(achieved) + " req/s";
        out.add(label("rate") + paint(achieved >= 0.99 * offered ? GREEN : YELLOW, achievedText) + " achieved   "
                + Units.rate(offered) + " offered");
        out.add(label("last 1s")
                + (l.count() == 0
                        ? paint(DIM, "no responses")
                        : "p50 " + Units.millis(l.p50()) + "   p99 " + Units.millis(l.p99()) + "   max "
                                + paint(BOLD, Units.millis(l.max()))));
        out.add(label("requests") + Units.count(soFar.responses()) + " done   " + Units.count(pools.inFlight())
                + " in flight   " + Units.count(pools.queued()) + " queued   "
                // The requests still queued or out when gale stopped: no errors, and in none of the other counts.
                + (soFar.cancelled() > 0 ? Units.count(soFar.cancelled()) + " cancelled   " : "")
                + Units.count(pools.openConnections(), "open connection"));
        String errors;
        if (soFar.errors() == 0 && soFar.dropped() == 0) {
            errors = paint(GREEN, "none");
        } else {
            errors = paint(RED, Units.count(soFar.errors()) + " (" + Units.percent(soFar.errorRate()) + ")") + "   "
                    + Verdict.kinds(soFar) + (soFar.dropped() > 0 ? ", dropped: " + Units.count(soFar.dropped()) : "")
                    + paint(DIM, "   last 1s: " + Units.count(own.errors()));
        }
        out.add(label("errors") + errors);
        if (warning != null) {
            out.add(paint(BOLD + YELLOW, "! " + warning));
        }
        return out.stream().map(this::cut).toList();
    }

    private String label(String text) {
        return paint(DIM, String.format(Locale.ROOT, "%-10s", text));
    }

    private String paint(String style, String text) {
        return color ? style + text + RESET : text;
    }

    /** Cuts a line to the terminal width, counting only visible characters. */
    private String cut(String line) {
        StringBuilder b = new StringBuilder();
        int visible = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\u001b') {
                int end = line.indexOf('m', i);
                if (end < 0) {
                    break;
                }
                b.append(line, i, end + 1);
                i = end;
                continue;
            }
            if (visible == width - 1) {
                b.append(unicode ? "\u2026" : ">");
                if (color) {
                    b.append(RESET);
                }
                return b.toString();
            }
            b.append(c);
            visible++;
        }
        return b.toString();
    }
}
