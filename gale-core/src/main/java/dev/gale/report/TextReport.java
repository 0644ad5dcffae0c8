package dev.gale.report;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.Printable;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary printed on stdout after a run, in the spirit of wrk2's {@code --latency}: throughput
 * (achieved against offered), response-time percentiles measured from the intended start, optionally
 * service time and schedule lag, status codes, errors by kind, dropped requests and bytes.
 */
public final class TextReport {
    private final boolean latency;

    /**
     * @param latency also print service time and schedule lag percentiles
     */
    public TextReport(boolean latency) {
        this.latency = latency;
    }

    /**
     * Where the measured time of {@code r} ended, as the Requests line says what its responses in no rate came
     * after: {@code the users had stopped} (a closed-model last measured phase), {@code the stop} (Ctrl-C, an {@code
     * ;abort} threshold), {@code the last send} (the time ran until the last answered send, or until the last
     * request of a phase of unknown length was sent), {@code the measured phases' end} (a warm-up ran after them)
     * or {@code the plan's end}.
     */
    static String measuredEnd(RunResult r) {
        Plan plan = r.plan();
        Phase last = plan.phases().getLast();
        for (Phase p : plan.phases()) {
            last = p.warmup() ? last : p;
        }
        if (r.interrupted()) {
            return "the stop"; // whatever the phase it stopped in
        }
        if (last.load() instanceof LoadModel.Closed) {
            return "the users had stopped";
        }
        long planned = plan.measuredPlannedNanos();
        if (planned == 0 || r.measuredNanos() > planned) {
            return "the last send";
        }
        // A warm-up after the last measured phase (a cool-down) still ran: the measured phases ended, not the plan.
        return plan.phases().getLast().warmup() ? "the measured phases' end" : "the plan's end";
    }

    public void write(RunResult r, PrintWriter out) {
        Plan plan = r.plan();
        Stats total = r.total();
        out.println();
        out.printf(Locale.ROOT, "gale %s  %s%n", r.generator().version(), PlanDescription.subject(plan));
        for (Phase p : plan.phases()) {
            out.printf(Locale.ROOT, "  %s%n", PlanDescription.listed(plan, p));
        }
        out.printf(
                Locale.ROOT,
                "  %s (%s)%s%n",
                Units.count(r.generator().threads(), "thread"),
                r.generator().io(),
                !r.interrupted()
                        ? ""
                        : r.stoppedWhileConnecting()
                                ? ", INTERRUPTED while opening its connections: no request was sent"
                                : r.thresholds().stream().anyMatch(ThresholdResult::aborted)
                                        ? ", STOPPED EARLY by a failed threshold: results cover the time until then"
                                        : ", INTERRUPTED: results cover the time until the interrupt");
        out.println();

        double seconds = r.measuredSeconds();
        out.printf(
                Locale.ROOT,
                "  Requests      %s in %s, %s req/s%s%n",
                Units.count(total.responses()),
                Units.seconds(seconds),
                Units.rate(r.achievedRate()),
                // Always one round of the users, or the requests in flight at the end: said, since it is why the
                // count over the time is not the rate.
                total.answeredAfterEnd() == 0
                        ? ""
                        : " (" + Units.count(total.answeredAfterEnd()) + " of them answered after " + measuredEnd(r)
                                + ": in no rate, as in wrk)");
        long unsent = r.unsent();
        out.printf(
                Locale.ROOT,
                "  Offered       %s, %s req/s%s%n",
                Units.count(total.scheduled() + unsent),
                Units.rate(r.offeredRate()),
                unsent == 0
                        ? ""
                        : " (" + Units.count(unsent) + " of them never sent: gale was behind its schedule"
                                + " when it stopped)");
        double lagMillis = Latency.of(total.scheduleLag()).p99();
        Verdict.Overrun overrun = Verdict.overrun(r, total);
        if (overrun != null) {
            out.printf(Locale.ROOT, "  Overran       %s%n", overrun.text());
        }
        if (Verdict.sentLate(lagMillis, overrun)) {
            out.printf(
                    Locale.ROOT,
                    "  Sent late     schedule lag p99 %s: %s%n",
                    Units.millis(lagMillis),
                    Verdict.LATE_WHY);
        }
        out.printf(
                Locale.ROOT,
                "  Transfer      read %s, wrote %s%n",
                Units.bytes(total.bytesReceived()),
                Units.bytes(total.bytesSent()));
        out.println();

        out.println("  Response time (" + PlanDescription.responseTimeBasis(plan) + ")");
        percentiles(out, Latency.of(total.responseTime()));
        String timeouts = Verdict.timeouts(total);
        if (timeouts != null) {
            out.println("  (" + timeouts + ")");
        }
        String leftOut = Verdict.leftOut(r, total, "Errors", "Dropped", "Cancelled", "");
        if (leftOut != null) {
            out.println("  (" + leftOut + ")");
        }
        if (latency) {
            out.println("  Service time (from the actual send)");
            percentiles(out, Latency.of(total.serviceTime()));
            String serviceTimeouts = Verdict.serviceTimeouts(total);
            if (serviceTimeouts != null) {
                out.println("  (" + serviceTimeouts + ")");
            }
            out.println("  Schedule lag (how late gale issued requests; waits for a connection excluded)");
            percentiles(out, Latency.of(total.scheduleLag()));
        }
        out.println();

        byName(r, out);

        out.printf(Locale.ROOT, "  Status codes  %s%n", statuses(total.statusCounts()));
        out.printf(Locale.ROOT, "  Errors        %s%n", errors(total));
        for (String line : errorsByTarget(r)) {
            out.printf(Locale.ROOT, "                %s%n", line);
        }
        firstErrors(r, out);
        if (total.cancelled() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  Cancelled     %s (waiting or in flight when gale stopped: no outcome, not errors)%n",
                    Units.count(total.cancelled()));
        }
        out.printf(
                Locale.ROOT,
                "  Dropped       %s%s%n",
                Units.count(total.dropped()),
                total.dropped() > 0 ? " (the wait queue was full: raise --max-connections or --queue)" : "");
        out.printf(Locale.ROOT, "  Connections   %s%n", connections(r, total));
        for (String waited : waitedForConnections(r)) {
            out.printf(Locale.ROOT, "                %s%n", waited);
        }
        for (String first : firstFailedConnects(r)) {
            out.printf(Locale.ROOT, "                %s%n", first);
        }
        for (String first : firstExtraBytes(r)) {
            out.printf(Locale.ROOT, "                %s%n", first);
        }
        if (r.plan().hasWarmup()) {
            out.printf(Locale.ROOT, "  Warm-up       %s (excluded above)%n", warmup(r));
        }
        thresholds(r, out);
    }

    /**
     * The connections of the run, and the requests written a second time because the kept-alive connection
     * they first went out on had been closed by the server, as the summary and the HTML report give them:
     * {@code "32 opened, 0 failed to open, 40 requests resent after the server had closed a kept-alive
     * connection"}, the retries only if there were any, and so the connections gale closed because the target
     * sent bytes beyond a response ({@code "3,159 closed by gale after bytes beyond a response"}: see {@link
     * #firstExtraBytes}). {@code total} is {@code r.total()}.
     */
    static String connections(RunResult r, Stats total) {
        PoolLevels pools = r.targets().stream().reduce(PoolLevels.ZERO, PoolLevels::plus);
        // Connections are the run's, the warm-up's included; the requests counted after them are measured ones.
        return Units.count(pools.connects()) + " opened, " + Units.count(pools.connectFailures()) + " failed to open"
                + (r.plan().hasWarmup() ? " (warm-up included)" : "")
                + (pools.closedAfterExtraBytes() == 0
                        ? ""
                        : ", " + Units.count(pools.closedAfterExtraBytes()) + " " + CLOSED_AFTER_EXTRA_BYTES)
                + (total.retries() == 0
                        ? ""
                        : ", " + Units.count(total.retries(), "request")
                                + " resent after the server had closed a kept-alive connection");
    }

    /**
     * The warm-up's counts, for a plan with one: {@code 800 issued, 400 answered, 400 errors}, and those dropped
     * and cancelled when there are any, so that where every request issued went is said.
     */
    static String warmup(RunResult r) {
        Stats w = r.warmupTotal();
        return Units.count(w.scheduled()) + " issued, " + Units.count(w.responses()) + " answered, "
                + Units.count(w.errors()) + " errors"
                + (w.dropped() > 0 ? ", " + Units.count(w.dropped()) + " dropped" : "")
                + (w.cancelled() > 0 ? ", " + Units.count(w.cancelled()) + " cancelled" : "");
    }

    /**
     * The requests that waited for a connection, for each target some of whose requests did, under the connections
     * in the summary and the HTML report: {@code 1,234 requests waited for a connection (longest 812.00ms):
     * response time includes that wait, service time does not} ({@code requests to api} in a plan of several
     * targets). Only the live warnings said that requests queued, and a response time far above the service time
     * had no word of why in the reports.
     */
    static List<String> waitedForConnections(RunResult r) {
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < r.plan().targets().size(); t++) {
            Stats s = r.target(t);
            if (s.waitedForConnection() > 0) {
                lines.add(Units.count(s.waitedForConnection(), "request")
                        + (r.plan().targets().size() > 1
                                ? " to " + r.plan().targets().get(t).name()
                                : "")
                        + " waited for a connection (longest " + Units.millis(s.longestConnectionWaitNanos() / 1e6)
                        + "): response time includes that wait, service time does not");
            }
        }
        return lines;
    }

    /**
     * Why connects failed, for each target some of whose connects did, where no failed request says it already
     * (under the error counts): the first description of a kind that no request failed as, {@code first failed
     * connect: other (too many open files: ...)}. A pool capped by the open-files limit otherwise showed only
     * requests that gave up waiting for a connection, and the connects that failed, with no word of why.
     */
    static List<String> firstFailedConnects(RunResult r) {
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < r.firstErrors().size() && t < r.targets().size(); t++) {
            if (r.targets().get(t).connectFailures() == 0) {
                continue;
            }
            Stats measured = r.target(t);
            Stats warmup = r.warmupTarget(t);
            String from = from(r, t);
            r.firstErrors().get(t).entrySet().stream()
                    .filter(e -> measured.errors(e.getKey()) == 0 && warmup.errors(e.getKey()) == 0)
                    .forEach(e -> lines.add("first failed connect" + from + ": "
                            + e.getKey().key() + " (" + Printable.of(e.getValue()) + ")"));
        }
        return lines;
    }

    /** What the connections gale closed after bytes beyond a response are, in the summary and the HTML report. */
    static final String CLOSED_AFTER_EXTRA_BYTES = "closed by gale after bytes beyond a response";

    /**
     * How the bytes beyond a response that made gale close connections first looked, for each target that sent
     * such bytes: {@code first: 44 bytes after a complete response, in the same read: "HTTP/1.1 503 Busy\r\n..."}
     * ({@code first from api: ...} in a plan of several targets).
     */
    static List<String> firstExtraBytes(RunResult r) {
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < r.firstExtraBytes().size(); t++) {
            String detail = r.firstExtraBytes().get(t);
            if (!detail.isEmpty()
                    && t < r.targets().size()
                    && r.targets().get(t).closedAfterExtraBytes() > 0) {
                lines.add("first" + from(r, t) + ": " + Printable.of(detail));
            }
        }
        return lines;
    }

    private static void thresholds(RunResult r, PrintWriter out) {
        if (r.thresholds().isEmpty()) {
            return;
        }
        out.println();
        out.println("  Thresholds");
        for (ThresholdResult t : r.thresholds()) {
            out.printf(
                    Locale.ROOT,
                    "    %s  %-28s %s%s%n",
                    t.skipped() ? "skip" : t.passed() ? "pass" : "FAIL",
                    t.expression(),
                    t.skipped() ? ThresholdResult.NOT_EVALUATED : "measured " + t.measured(),
                    t.aborted() ? "  (stopped the run)" : "");
        }
    }

    /** One line per request name (plans with more than one request): count, rate, errors, percentiles. */
    static void byName(RunResult r, PrintWriter out) {
        Plan plan = r.plan();
        if (plan.requests().size() < 2) {
            return;
        }
        String title = "By request";
        // At least as wide as the title, so that the columns of the header and the rows line up.
        int width = Math.max(
                title.length(),
                plan.requests().stream().mapToInt(q -> q.name().length()).max().orElse(0));
        width = Math.min(width, 40);
        String head = "  %-" + width + "s %10s %10s %8s %10s %10s %10s %10s%n";
        out.printf(Locale.ROOT, head, title, "count", "req/s", "errors", "p50", "p99", "p99.9", "max");
        double seconds = r.measuredSeconds();
        for (int i = 0; i < plan.requests().size(); i++) {
            Stats s = r.requests().get(i);
            Latency l = Latency.of(s.responseTime());
            String name = plan.requests().get(i).name();
            if (name.length() > width) {
                name = name.substring(0, width - 1) + "~";
            }
            out.printf(
                    Locale.ROOT,
                    head,
                    name,
                    Units.count(s.responses()),
                    Units.rate(seconds > 0 ? s.ratedResponses() / seconds : 0),
                    Units.count(s.errors()),
                    Units.millis(l, Latency::p50),
                    Units.millis(l, Latency::p99),
                    Units.millis(l, Latency::p999),
                    Units.millis(l, Latency::max));
        }
        out.println();
    }

    private static void percentiles(PrintWriter out, Latency l) {
        out.printf(
                Locale.ROOT,
                "  %10s %10s %10s %10s %10s %10s %10s%n",
                "p50",
                "p75",
                "p90",
                "p99",
                "p99.9",
                "p99.99",
                "max");
        out.printf(
                Locale.ROOT,
                "  %10s %10s %10s %10s %10s %10s %10s%n",
                Units.millis(l, Latency::p50),
                Units.millis(l, Latency::p75),
                Units.millis(l, Latency::p90),
                Units.millis(l, Latency::p99),
                Units.millis(l, Latency::p999),
                Units.millis(l, Latency::p9999),
                Units.millis(l, Latency::max));
    }

    static String statuses(Map<Integer, Long> statuses) {
        if (statuses.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        statuses.forEach((code, n) ->
                b.append(b.isEmpty() ? "" : ", ").append(code).append(": ").append(Units.count(n)));
        return b.toString();
    }

    /**
     * Under the error counts, what each target said of the errors whose kind alone does not explain them (the
     * first description gale heard): {@code first protocol error: not an HTTP/1.x status line}.
     */
    private static void firstErrors(RunResult r, PrintWriter out) {
        for (int t = 0; t < r.firstErrors().size(); t++) {
            String from = from(r, t);
            Stats measured = r.target(t);
            Stats warmup = r.warmupTarget(t);
            r.firstErrors().get(t).forEach((kind, detail) -> {
                // A connect that failed and was dialled again with success failed no request: no count to explain.
                if (measured.errors(kind) > 0 || warmup.errors(kind) > 0) {
                    out.printf(
                            Locale.ROOT,
                            "                first %s error%s%s: %s%n",
                            kind.key(),
                            from,
                            measured.errors(kind) > 0 ? "" : " (in the warm-up)",
                            Printable.of(detail));
                }
            });
        }
    }

    /**
     * In a plan of several targets, the errors of each target that had any: {@code from api: read_timeout: 24
     * (12.00% of its requests)}. The kinds of the whole run alone left which target failed, and how, to be worked
     * out from the requests' error counts, which cannot tell it when a target has several requests.
     */
    static List<String> errorsByTarget(RunResult r) {
        List<String> lines = new ArrayList<>();
        if (r.plan().targets().size() < 2) {
            return lines;
        }
        for (int t = 0; t < r.plan().targets().size(); t++) {
            Stats s = r.target(t);
            if (s.errors() > 0) {
                lines.add("from " + r.plan().targets().get(t).name() + ": " + Verdict.kinds(s)
                        + (s.completed() > 0 ? " (" + Units.percent(s.errorRate()) + " of its requests)" : ""));
            }
        }
        return lines;
    }

    /** Which target a first error came from, {@code " from api"}, in a plan of several; else nothing. */
    static String from(RunResult r, int t) {
        return r.plan().targets().size() > 1
                ? " from " + r.plan().targets().get(t).name()
                : "";
    }

    static String errors(Stats s) {
        if (s.errors() == 0) {
            return "none";
        }
        return Verdict.kinds(s) + (s.completed() > 0 ? " (" + Units.percent(s.errorRate()) + " of requests)" : "");
    }
}
