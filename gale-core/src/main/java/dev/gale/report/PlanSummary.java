package dev.gale.report;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RateCurve;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.plan.Threshold;
import dev.gale.schedule.FireTimes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The resolved plan as {@code gale run --dry-run} prints it: targets with their connection limits (in
 * total and per event loop), the request mix, the schedule of every phase (when it starts and ends, the
 * load over time and the number of requests it asks for) and the thresholds. Nothing is sent.
 */
public final class PlanSummary {
    private PlanSummary() {}

    /**
     * Writes the summary.
     *
     * @param threads the event loops the run will use (see {@code Run.effectiveThreads})
     */
    public static void write(Plan plan, int threads, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Plan: %s%d target%s, %d request%s, %d phase%s, %d thread%s%n",
                plan.name().isEmpty() ? "" : plan.name() + ": ",
                plan.targets().size(),
                s(plan.targets().size()),
                plan.requests().size(),
                s(plan.requests().size()),
                plan.phases().size(),
                s(plan.phases().size()),
                threads,
                s(threads));
        out.println();
        out.println("Targets (each with its own connections: bulkheads)");
        for (Target t : plan.targets()) {
            ConnectionSettings c = t.connections();
            out.printf(Locale.ROOT, "  %-16s %s%n", t.name(), t.url());
            out.printf(
                    Locale.ROOT,
                    "  %-16s max %d connection%s (%s per thread), queue %s, timeouts: connect %s,"
                            + " read %s, acquire %s, request %s%s%s%n",
                    "",
                    c.maxConnections(),
                    c.maxConnections() == 1 ? "" : "s",
                    perThread(c.maxConnections(), threads),
                    Units.count(c.queueCapacity()),
                    Units.duration(c.connectTimeout()),
                    Units.duration(c.readTimeout()),
                    Units.duration(c.acquireTimeout()),
                    Units.duration(c.requestTimeout()),
                    c.keepAlive() ? "" : ", no keep-alive",
                    c.insecure() ? ", insecure TLS" : "");
        }
        out.println();
        out.println("Requests (the mix)");
        double weights =
                plan.requests().stream().mapToDouble(RequestSpec::weight).sum();
        for (RequestSpec r : plan.requests()) {
            // The share the run sends: the mix follows the weights exactly, however small one is.
            double share = r.weight() / weights;
            out.printf(
                    Locale.ROOT,
                    "  %-24s %s %s -> %s, %s of the mix%s, priority %d, expect %s%s%n",
                    r.name(),
                    r.method(),
                    r.displayPath(),
                    r.target(),
                    Units.share(share),
                    Units.oneIn(share),
                    r.priority(),
                    r.expectedStatus(),
                    r.body().length > 0 ? ", body " + Units.bytes(r.body().length) : "");
            if (!r.headers().isEmpty()) {
                // As sent, -H flags included; secret values hidden as every report hides them.
                out.printf(
                        Locale.ROOT,
                        "  %-24s %s%n",
                        "",
                        r.headers().stream().map(Header::toString).collect(Collectors.joining(", ")));
            }
        }
        out.println();
        out.println("Schedule");
        double total = 0;
        long[] starts = plan.phaseStartsNanos();
        for (int i = 0; i < plan.phases().size(); i++) {
            Phase p = plan.phases().get(i);
            long length = plan.phaseNanos(i);
            String start = starts[i] == Long.MAX_VALUE ? "?" : Units.clock(starts[i] / 1e9);
            String end = starts[i] == Long.MAX_VALUE || length == Long.MAX_VALUE
                    ? "?"
                    : Units.clock((starts[i] + length) / 1e9);
            out.printf(
                    Locale.ROOT, "  %d. %-12s %6s .. %-6s %s%n", i + 1, p.name(), start, end, PlanDescription.phase(p));
            String detail = detail(p);
            if (!detail.isEmpty()) {
                out.printf(Locale.ROOT, "     %s%n", detail);
            }
            for (String note : fewerConnectionsThanUsers(plan, p)) {
                out.printf(Locale.ROOT, "     note: %s%n", note);
            }
            if (p.load() instanceof LoadModel.Open o && !p.warmup()) {
                total += expected(o, p);
            }
        }
        out.printf(
                Locale.ROOT,
                "  total %s%s%n",
                plan.plannedNanos() > 0
                        ? Units.length(java.time.Duration.ofNanos(plan.plannedNanos()))
                        : "(bounded by request counts)",
                total > 0 && Double.isFinite(total)
                        ? ", about " + Units.count(Math.round(total), "measured request") + " (open phases)"
                        : "");
        if (!plan.thresholds().isEmpty()) {
            out.println();
            out.println("Thresholds (a failed one exits 1)");
            long measured = plan.measuredPlannedNanos();
            for (Threshold t : plan.thresholds()) {
                out.printf(Locale.ROOT, "  %s%s%n", t.expression(), abortNote(t, measured));
            }
        }
        out.flush();
    }

    /**
     * For a closed phase, each target that has fewer connections than the users sending to it at a time, by its
     * share of the mix: the users beyond them may wait for a connection, which the run then warns of.
     */
    private static List<String> fewerConnectionsThanUsers(Plan plan, Phase p) {
        if (!(p.load() instanceof LoadModel.Closed c)) {
            return List.of();
        }
        int users = Math.max(c.startConnections(), c.endConnections());
        double weights =
                plan.requests().stream().mapToDouble(RequestSpec::weight).sum();
        List<String> notes = new ArrayList<>();
        for (Target t : plan.targets()) {
            double share = plan.requests().stream()
                            .filter(r -> r.target().equals(t.name()))
                            .mapToDouble(RequestSpec::weight)
                            .sum()
                    / weights;
            long toIt = Math.round(users * share);
            int max = t.connections().maxConnections();
            if (share > 0 && toIt > max) {
                notes.add(Units.count(users, "user")
                        + (share < 1
                                ? ", about " + Units.count(toIt) + " at a time to " + t.name() + " by the mix"
                                : "")
                        + ", at most " + Units.count(max, "connection") + " to " + t.name()
                        + ": users may wait for a connection (raise its max_connections, or --max-connections)");
            }
        }
        return notes;
    }

    private static String detail(Phase p) {
        return switch (p.load()) {
            case LoadModel.Open o -> {
                double n = expected(o, p);
                StringBuilder b = new StringBuilder();
                b.append(Double.isFinite(n) ? "about " + Units.count(Math.round(n), "request") : "");
                if (!o.isConstant() && p.duration() != null) {
                    RateCurve c = RateCurve.linear(
                            o.startRatePerSecond(),
                            o.endRatePerSecond(),
                            p.duration().toNanos());
                    b.append("; rate at ");
                    for (int q = 0; q <= 4; q++) {
                        long t = p.duration().toNanos() * q / 4;
                        b.append(q == 0 ? "" : ", ")
                                .append(Units.clock(t / 1e9))
                                .append(' ')
                                .append(Units.rate(c.rateAt(t)).replace(".0", ""));
                    }
                    b.append(" req/s");
                }
                if (o.arrivals() == LoadModel.Arrivals.POISSON) {
                    b.append(b.isEmpty() ? "" : "; ")
                            .append("poisson arrivals, seed ")
                            .append(o.seed());
                }
                yield b.toString();
            }
            case LoadModel.Closed c ->
                c.startConnections() == c.endConnections()
                        ? ""
                        : "connections ramp linearly from " + c.startConnections() + " to " + c.endConnections();
        };
    }

    private static double expected(LoadModel.Open o, Phase p) {
        if (p.duration() == null) {
            return p.maxRequests() > 0 ? p.maxRequests() : Double.POSITIVE_INFINITY;
        }
        double n = RateCurve.linear(
                        o.startRatePerSecond(),
                        o.endRatePerSecond(),
                        p.duration().toNanos())
                .total();
        return p.maxRequests() > 0 ? Math.min(n, p.maxRequests()) : n;
    }

    private static String perThread(int max, int threads) {
        long lo = FireTimes.share(max, threads - 1, threads);
        long hi = FireTimes.share(max, 0, threads);
        return lo == hi ? Long.toString(hi) : lo + ".." + hi;
    }

    private static String s(int n) {
        return n == 1 ? "" : "s";
    }

    /**
     * What {@code ;abort} does for {@code t}, after its expression; empty without it. {@code measured} is the plan's
     * measured length, 0 if unknown: a grace as long never comes, as the threshold is judged at each interval's end
     * once the grace is over, but for the last, when the run is over anyway.
     */
    private static String abortNote(Threshold t, long measured) {
        if (!t.abortOnFail()) {
            return "";
        }
        if (!t.abortsBeforeEnd()) {
            boolean rises = t.direction() > 0;
            return "  (judged at the end, never stopping the run: "
                    + t.metric().name().toLowerCase(Locale.ROOT)
                    + (rises ? " only rises, so " : " only falls, so ")
                    + (t.op() == Threshold.Op.NE ? "!=" : rises ? "a lower limit" : "an upper limit")
                    + " cannot fail before it)";
        }
        if (t.abortGrace().isZero()) {
            return "  (stops the run when it fails)";
        }
        boolean never = measured > 0 && t.abortGrace().toNanos() >= measured;
        return "  (stops the run when it fails, after " + Units.duration(t.abortGrace())
                + (never ? ": never, in a run that measures " + Units.length(java.time.Duration.ofNanos(measured)) : "")
                + ")";
    }
}
