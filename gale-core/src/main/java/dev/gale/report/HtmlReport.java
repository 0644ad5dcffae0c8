package dev.gale.report;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.Printable;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import dev.gale.record.TimelinePoint;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as one self-contained HTML file: settings and verdict at the top; throughput (offered against
 * achieved) and errors over time; p50/p90/p99/p99.9/max response time over time; the percentile
 * distribution of response time and service time on HdrHistogram's logarithmic "nines" axis; tables per
 * request name and per target; status codes, error kinds and thresholds; the plan as run. The same
 * {@link RunResult} always gives the same bytes, so a report rebuilt from JSON equals the one written live.
 */
public final class HtmlReport {
    static final String ACHIEVED = "#2563eb";
    static final String OFFERED = "#94a3b8";
    static final String ERRORS = "#dc2626";
    static final String P50 = "#16a34a";
    static final String P90 = "#0891b2";
    static final String P99 = "#d97706";
    static final String P999 = "#db2777";
    static final String MAX = "#7c3aed";
    static final String SERVICE = "#16a34a";

    private HtmlReport() {}

    /** Writes the report of {@code r}. */
    public static void write(RunResult r, Writer out) throws IOException {
        out.write(render(r));
        out.flush();
    }

    /** The report of {@code r}. */
    public static String render(RunResult r) {
        Plan plan = r.plan();
        Stats total = r.total();
        HtmlPage page =
                new HtmlPage("gale report: " + (plan.name().isEmpty() ? PlanDescription.subject(plan) : plan.name()));
        header(page, r, total);
        cards(page, r, total);

        page.section("over-time", "Over time");
        List<TimelinePoint> points = Charts.plotted(r);
        page.chart(throughputChart(r, points));
        page.chart(latencyChart(plan, points));
        page.endSection();

        page.section("distribution", "Percentile distribution");
        page.chart(distributionChart(r, total));
        percentileTable(page, r, total);
        page.endSection();

        page.section("requests", "Per request name");
        requestTable(page, r);
        page.endSection();
        page.section("targets", "Per target");
        targetTable(page, r);
        page.endSection();

        page.section("outcomes", "Status codes and errors");
        page.raw("<div class=\"grid2\"><div>");
        statusTable(page, total);
        page.raw("</div><div>");
        errorTable(page, r, total);
        page.raw("</div></div>\n");
        // A request resent counts once here but may count twice in the server's own figures: say how many.
        List<String> more = new ArrayList<>(TextReport.waitedForConnections(r));
        more.addAll(TextReport.firstFailedConnects(r));
        more.addAll(TextReport.firstExtraBytes(r));
        page.raw("<p class=\"connections\">")
                .text("Connections: " + TextReport.connections(r, total)
                        + (more.isEmpty() ? "" : "; " + String.join("; ", more)) + ".")
                .raw("</p>\n");
        if (r.plan().hasWarmup()) {
            page.raw("<p class=\"warmup\">")
                    .text("Warm-up: " + TextReport.warmup(r)
                            + " (in none of the tables; the charts shade its intervals).")
                    .raw("</p>\n");
        }
        page.endSection();

        page.section("thresholds", "Thresholds");
        thresholdTable(page, r.thresholds());
        page.endSection();

        settings(page, r);
        page.raw("<footer>gale " + HtmlPage.esc(r.generator().version()) + " &middot; result format "
                + HtmlPage.esc(JsonReport.FORMAT) + " &middot; latencies are "
                + HtmlPage.esc(PlanDescription.latencyMeasurement(r.plan())) + " and read from merged HdrHistograms"
                + "</footer>\n");
        return page.finish();
    }

    // ---- top

    private static void header(HtmlPage page, RunResult r, Stats total) {
        Plan plan = r.plan();
        page.raw("<header class=\"top\"><div>");
        page.raw("<h1><span class=\"brand\">gale</span> ")
                .text(PlanDescription.subject(plan))
                .raw("</h1>\n");
        for (Phase p : plan.phases()) {
            page.raw("<p class=\"sub\">").text(PlanDescription.listed(plan, p)).raw("</p>\n");
        }
        page.raw("<p class=\"sub\">started ")
                .text(r.startedAt().toString())
                .raw(" &middot; measured ")
                .text(Units.seconds(r.measuredSeconds()))
                .raw(" &middot; ")
                .text(Units.count(r.generator().threads(), "thread") + " ("
                        + r.generator().io() + "), Java " + r.generator().java() + ", "
                        + Units.count(r.generator().cpus(), "cpu"))
                .raw("</p>\n</div>\n");
        verdict(page, Verdict.of(r, total));
        page.raw("</header>\n");
    }

    static void verdict(HtmlPage page, Verdict v) {
        page.raw("<div class=\"verdict " + v.level() + "\" id=\"verdict\"><div class=\"word\">")
                .text(v.word())
                .raw("</div><ul>");
        for (String n : v.notes()) {
            page.raw("<li>").text(n).raw("</li>");
        }
        page.raw("</ul></div>\n");
    }

    private static void cards(HtmlPage page, RunResult r, Stats total) {
        Latency rt = Latency.of(total.responseTime());
        page.raw("<div class=\"cards\">");
        card(page, "Requests", Units.count(total.responses()), "in " + Units.seconds(r.measuredSeconds()));
        card(page, "Achieved", Units.rate(r.achievedRate()) + "/s", "offered " + Units.rate(r.offeredRate()) + "/s");
        card(
                page,
                "Errors",
                Units.percent(total.errorRate()),
                Units.count(total.errors()) + " errors, " + Units.count(total.dropped()) + " dropped");
        card(page, "p50", Units.millis(rt, Latency::p50), "response time");
        card(page, "p99", Units.millis(rt, Latency::p99), "response time");
        card(page, "p99.9", Units.millis(rt, Latency::p999), "response time");
        card(page, "max", Units.millis(rt, Latency::max), "response time");
        page.raw("</div>\n");
    }

    private static void card(HtmlPage page, String key, String value, String sub) {
        page.raw("<div class=\"card\"><div class=\"k\">")
                .text(key)
                .raw("</div><div class=\"v\">")
                .text(value)
                .raw("</div><div class=\"s\">")
                .text(sub)
                .raw("</div></div>");
    }

    // ---- charts

    private static HtmlPage.Chart throughputChart(RunResult r, List<TimelinePoint> points) {
        HtmlPage.Chart c = new HtmlPage.Chart("chart-throughput", "time", "Throughput and errors per second", "req/s")
                .y2("errors/s");
        Charts.steps(
                c,
                "achieved",
                ACHIEVED,
                false,
                false,
                points,
                p -> Charts.rate(p, p.total().responses()));
        Charts.steps(c, "offered", OFFERED, true, false, points, p -> Charts.rate(p, p.offered()));
        Charts.steps(
                c,
                "errors",
                ERRORS,
                false,
                true,
                points,
                p -> Charts.rate(p, p.total().errors()));
        Charts.warmupBands(c, points);
        c.note("offered: requests the plan asked for in each interval; achieved: complete responses; errors"
                + " (right axis): failures and unexpected statuses."
                + (r.plan().hasWarmup()
                        ? " Shaded: warm-up. Each interval counts the requests of its own kind: a warm-up request"
                                + " answered after the warm-up is in no measured one."
                        : ""));
        return c;
    }

    private static HtmlPage.Chart latencyChart(Plan plan, List<TimelinePoint> points) {
        HtmlPage.Chart c = new HtmlPage.Chart(
                "chart-latency",
                "time",
                "Response time per second (" + PlanDescription.responseTimeBasis(plan) + ")",
                "ms");
        Charts.steps(c, "p50", P50, false, false, points, p -> Charts.latency(p, Latency::p50));
        Charts.steps(c, "p90", P90, false, false, points, p -> Charts.latency(p, Latency::p90));
        Charts.steps(c, "p99", P99, false, false, points, p -> Charts.latency(p, Latency::p99));
        Charts.steps(c, "p99.9", P999, false, false, points, p -> Charts.latency(p, Latency::p999));
        Charts.steps(c, "max", MAX, true, false, points, p -> Charts.latency(p, Latency::max));
        Charts.warmupBands(c, points);
        return c;
    }

    private static HtmlPage.Chart distributionChart(RunResult r, Stats total) {
        HtmlPage.Chart c = new HtmlPage.Chart(
                "chart-distribution", "nines", "Latency by percentile (HdrHistogram's \"nines\" axis)", "ms");
        Charts.spectrum(c, "response time", ACHIEVED, false, total.responseTime());
        Charts.spectrum(c, "service time", SERVICE, true, total.serviceTime());
        c.note("response time: " + PlanDescription.responseTimeDefinition(r.plan())
                + "; service time: completion - actual send. The same"
                + " points as the .hgrm spectrum (gale run --percentiles FILE).");
        return c;
    }

    private static void percentileTable(HtmlPage page, RunResult r, Stats total) {
        List<String> header = List.of("", "count", "min", "mean", "p50", "p75", "p90", "p99", "p99.9", "p99.99", "max");
        List<List<Object>> rows = new ArrayList<>();
        rows.add(latencyRow("response time", Latency.of(total.responseTime())));
        rows.add(latencyRow("service time", Latency.of(total.serviceTime())));
        rows.add(latencyRow("schedule lag", Latency.of(total.scheduleLag())));
        page.table("percentiles", header, rows);
        String timeouts = Verdict.timeouts(total);
        if (timeouts != null) {
            page.raw("<p class=\"note\">Response time: ").text(timeouts).raw(".</p>\n");
        }
        String leftOut =
                Verdict.leftOut(r, total, "the errors", "dropped", "cancelled", " under Status codes and errors");
        if (leftOut != null) {
            page.raw("<p class=\"note\">Response time: ").text(leftOut).raw(".</p>\n");
        }
        String serviceTimeouts = Verdict.serviceTimeouts(total);
        if (serviceTimeouts != null) {
            page.raw("<p class=\"note\">Service time: ").text(serviceTimeouts).raw(".</p>\n");
        }
    }

    private static List<Object> latencyRow(String name, Latency l) {
        List<Object> row = new ArrayList<>();
        row.add(name);
        row.add(HtmlPage.tdNum(Units.count(l.count())));
        row.add(HtmlPage.tdMillis(l, Latency::min));
        row.add(HtmlPage.tdMillis(l, Latency::mean));
        for (int i = 0; i < Latency.PERCENTILES.length; i++) {
            int p = i;
            row.add(HtmlPage.tdMillis(l, x -> x.percentile(p)));
        }
        row.add(HtmlPage.tdMillis(l, Latency::max));
        return row;
    }

    // ---- tables

    private static final List<String> STATS_HEADER =
            List.of("requests", "req/s", "errors", "error rate", "p50", "p90", "p99", "p99.9", "max");

    private static List<Object> statsCells(Stats s, double seconds) {
        Latency l = Latency.of(s.responseTime());
        List<Object> row = new ArrayList<>();
        row.add(HtmlPage.tdNum(Units.count(s.responses())));
        row.add(HtmlPage.tdNum(Units.rate(seconds > 0 ? s.ratedResponses() / seconds : 0)));
        row.add(HtmlPage.tdNum(Units.count(s.errors())));
        row.add(HtmlPage.tdNum(Units.percent(s.errorRate())));
        row.add(HtmlPage.tdMillis(l, Latency::p50));
        row.add(HtmlPage.tdMillis(l, Latency::p90));
        row.add(HtmlPage.tdMillis(l, Latency::p99));
        row.add(HtmlPage.tdMillis(l, Latency::p999));
        row.add(HtmlPage.tdMillis(l, Latency::max));
        return row;
    }

    private static void requestTable(HtmlPage page, RunResult r) {
        List<String> header = new ArrayList<>(List.of("name", "target", "request"));
        header.addAll(STATS_HEADER);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.requests().size(); i++) {
            RequestSpec spec = r.plan().requests().get(i);
            List<Object> row =
                    new ArrayList<>(List.of(spec.name(), spec.target(), spec.method() + " " + spec.displayPath()));
            row.addAll(statsCells(r.requests().get(i), r.measuredSeconds()));
            rows.add(row);
        }
        page.table("per-request", header, rows);
    }

    private static void targetTable(HtmlPage page, RunResult r) {
        List<String> header = new ArrayList<>(List.of("target", "url"));
        header.addAll(STATS_HEADER);
        header.addAll(List.of("connections opened", "failed to open"));
        // A column only when a target sent bytes beyond a response, as the summary's line has a figure only then.
        boolean extraBytes = r.targets().stream().anyMatch(p -> p.closedAfterExtraBytes() > 0);
        if (extraBytes) {
            header.add(TextReport.CLOSED_AFTER_EXTRA_BYTES);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int t = 0; t < r.plan().targets().size(); t++) {
            Target target = r.plan().targets().get(t);
            List<Object> row = new ArrayList<>(List.of(target.name(), target.url()));
            row.addAll(statsCells(r.target(t), r.measuredSeconds()));
            PoolLevels pool = t < r.targets().size() ? r.targets().get(t) : PoolLevels.ZERO;
            row.add(HtmlPage.tdNum(Units.count(pool.connects())));
            row.add(HtmlPage.tdNum(Units.count(pool.connectFailures())));
            if (extraBytes) {
                row.add(HtmlPage.tdNum(Units.count(pool.closedAfterExtraBytes())));
            }
            rows.add(row);
        }
        page.table("per-target", header, rows);
    }

    private static void statusTable(HtmlPage page, Stats total) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : total.statusCounts().entrySet()) {
            rows.add(List.of(
                    String.valueOf(e.getKey()),
                    HtmlPage.tdNum(Units.count(e.getValue())),
                    HtmlPage.tdNum(
                            Units.percent(total.responses() == 0 ? 0 : (double) e.getValue() / total.responses()))));
        }
        if (rows.isEmpty()) {
            page.raw("<p class=\"empty\">No responses.</p>\n");
        } else {
            page.table("statuses", List.of("status", "responses", "share"), rows);
        }
    }

    private static void errorTable(HtmlPage page, RunResult r, Stats total) {
        List<List<Object>> rows = new ArrayList<>();
        // Shares as the error rate counts them: of the requests whose outcome is known, so that the kinds add up
        // to it; cancelled requests have none, and are no error (as the text summary's own line says).
        for (Map.Entry<ErrorKind, Long> e : total.errorKinds().entrySet()) {
            rows.add(List.of(
                    e.getKey().key(),
                    HtmlPage.tdNum(Units.count(e.getValue())),
                    HtmlPage.tdNum(Units.percent(total.shareOfKnown(e.getValue()))),
                    describe(e.getKey()) + firstErrors(r, e.getKey())));
        }
        if (total.dropped() > 0) {
            rows.add(List.of(
                    "dropped",
                    HtmlPage.tdNum(Units.count(total.dropped())),
                    HtmlPage.tdNum(Units.percent(total.shareOfKnown(total.dropped()))),
                    "never sent: the wait queue for a connection was full"));
        }
        if (total.cancelled() > 0) {
            rows.add(List.of(
                    "cancelled",
                    HtmlPage.tdNum(Units.count(total.cancelled())),
                    HtmlPage.tdNum("-"),
                    describe(ErrorKind.CANCELLED)));
        }
        if (rows.isEmpty()) {
            page.raw("<p class=\"empty\">No errors and nothing dropped.</p>\n");
        } else {
            page.table("errors", List.of("error", "requests", "of requests", "meaning"), rows);
        }
    }

    /**
     * What the targets whose measured requests failed with {@code kind} first said of it, as the text report
     * gives it: {@code "; first: not an HTTP/1.x status line"}, or nothing.
     */
    private static String firstErrors(RunResult r, ErrorKind kind) {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < r.firstErrors().size(); t++) {
            String detail = r.firstErrors().get(t).get(kind);
            if (detail != null && r.target(t).errors(kind) > 0) {
                b.append("; first").append(TextReport.from(r, t)).append(": ").append(Printable.of(detail));
            }
        }
        return b.toString();
    }

    static String describe(ErrorKind k) {
        return switch (k) {
            case CONNECT_REFUSED -> "the target refused the TCP connection";
            case CONNECT_TIMEOUT -> "the TCP connect or the TLS handshake did not finish within the connect timeout";
            case UNREACHABLE -> "the host could not be resolved or reached";
            case READ_TIMEOUT -> "no response byte within the read timeout";
            case REQUEST_TIMEOUT -> "longer than the request timeout from the intended start";
            case ACQUIRE_TIMEOUT -> "waited longer than the acquire timeout for a connection";
            case RESET -> "the connection was reset by the peer";
            case CLOSED -> "the server closed the connection before the response was complete";
            case PROTOCOL -> "the response was not valid HTTP/1.x";
            case TLS -> "the TLS handshake failed (but for a timeout) or a TLS record was bad";
            case STATUS -> "a complete response with an unexpected status code";
            case CANCELLED ->
                "not an error: given up when gale stopped, waiting for a connection or in flight, so no outcome"
                        + " (not in the error rate)";
            case OTHER -> "another I/O failure";
        };
    }

    static void thresholdTable(HtmlPage page, List<ThresholdResult> thresholds) {
        if (thresholds.isEmpty()) {
            page.raw("<p class=\"empty\">No thresholds were set (gale run --threshold 'p99&lt;50ms').</p>\n");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (ThresholdResult t : thresholds) {
            rows.add(List.of(
                    t.skipped()
                            ? HtmlPage.td("skip", "skip")
                            : t.passed() ? HtmlPage.td("pass", "pass") : HtmlPage.td("fail", "FAIL"),
                    t.expression(),
                    t.skipped() ? ThresholdResult.NOT_EVALUATED : HtmlPage.tdNum(t.measured()),
                    t.aborted() ? "stopped the run" : ""));
        }
        page.table("thresholds", List.of("result", "threshold", "measured", ""), rows);
    }

    // ---- settings

    private static void settings(HtmlPage page, RunResult r) {
        Plan plan = r.plan();
        page.section("settings", "Settings");
        List<List<Object>> phases = new ArrayList<>();
        for (Phase p : plan.phases()) {
            phases.add(List.of(
                    p.name(),
                    PlanDescription.phase(p),
                    p.duration() == null ? "-" : Units.length(p.duration()),
                    p.maxRequests() > 0 ? Units.count(p.maxRequests()) : "-",
                    p.warmup() ? "yes" : "no"));
        }
        page.table("phases", List.of("phase", "load", "duration", "request limit", "warm-up"), phases);
        List<List<Object>> targets = new ArrayList<>();
        for (Target t : plan.targets()) {
            ConnectionSettings c = t.connections();
            targets.add(List.of(
                    t.name(),
                    t.url(),
                    String.valueOf(c.maxConnections()),
                    Units.duration(c.connectTimeout()) + " / " + Units.duration(c.readTimeout()) + " / "
                            + Units.duration(c.acquireTimeout()) + " / " + Units.duration(c.requestTimeout()),
                    c.keepAlive() ? "yes" : "no",
                    Units.count(c.queueCapacity()),
                    c.insecure() ? "no" : "yes"));
        }
        page.table(
                "settings-targets",
                List.of(
                        "target",
                        "url",
                        "max connections",
                        "timeouts: connect / read / acquire / request",
                        "keep-alive",
                        "queue",
                        "verify TLS"),
                targets);
        List<List<Object>> requests = new ArrayList<>();
        for (RequestSpec s : plan.requests()) {
            requests.add(List.of(
                    s.name(),
                    s.target(),
                    s.method() + " " + s.displayPath(),
                    headers(s.headers()),
                    s.body().length == 0 ? "-" : Units.bytes(s.body().length),
                    s.expectedStatus().toString(),
                    String.format(Locale.ROOT, "%s", s.weight())));
        }
        page.table(
                "settings-requests",
                List.of("request", "target", "method and path", "headers", "body", "expected status", "weight"),
                requests);
        page.endSection();
    }

    private static String headers(List<Header> headers) {
        if (headers.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (Header h : headers) {
            b.append(b.isEmpty() ? "" : "; ").append(h.name()).append(": ").append(h.displayValue());
        }
        return b.toString();
    }
}
