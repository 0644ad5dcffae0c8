package dev.gale.report;

import dev.gale.plan.RequestSpec;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Sample;
import dev.gale.record.TimelinePoint;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The timeline as CSV (RFC 4180, comma-separated, {@code \n} line ends): one row per interval (normally one
 * second) per request name, in time order and then plan order, and, where the plan has several request names,
 * a {@linkplain #TOTAL total row} after them with all those requests. The columns are fixed, whatever
 * happened: {@link #COLUMNS}. Latencies are milliseconds with three decimals (the histograms' microseconds,
 * exactly); rates are per second of the interval. A latency field is empty where its histogram holds nothing,
 * as in a second without responses, so that a spreadsheet or a data frame reads it as missing rather than as 0.
 * {@code in_flight}, {@code queued} (waiting for a connection) and {@code open_connections} are the pool figures
 * of the row's target at the interval's end (each target has a pool of its own), the total row's all targets'.
 *
 * <p>{@code warmup} is the kind of the row's requests. A request counts in the interval of the moment it was issued
 * or ended, so an interval may hold requests of the other kind than its phase (the warm-up's last ones answered in
 * the first measured second, say: {@link TimelinePoint#otherKind()}): their rows follow the interval's own, with
 * the same {@code phase} and times, {@code warmup} of their kind, and the load offered to their kind in the interval
 * (none but after a stall of gale across the boundary, or at a closed-model phase's). So the rows of each kind add
 * up to that kind's totals, as the summary gives them.
 */
public final class CsvReport {
    /** The header, in order. */
    public static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of(
                "start_s",
                "end_s",
                "phase",
                "warmup",
                "request",
                "target",
                "scheduled",
                "sent",
                "responses",
                "errors",
                "dropped",
                "offered_per_s",
                "achieved_per_s",
                "p50_ms",
                "p75_ms",
                "p90_ms",
                "p99_ms",
                "p99_9_ms",
                "p99_99_ms",
                "max_ms",
                "mean_ms",
                "service_p50_ms",
                "service_p99_ms",
                "service_max_ms",
                "lag_p99_ms",
                "lag_max_ms",
                "status_1xx",
                "status_2xx",
                "status_3xx",
                "status_4xx",
                "status_5xx"));
        for (ErrorKind k : ErrorKind.values()) {
            c.add("errors_" + k.key());
        }
        // Added last, so that scripts reading the columns above by position keep working.
        c.addAll(List.of("bytes_sent", "bytes_received", "in_flight", "queued", "open_connections", "retries"));
        COLUMNS = List.copyOf(c);
    }

    /**
     * The {@code request} of an interval's total row: all its requests of the row's kind, read from their merged
     * histograms, so its percentiles are those the live view and the HTML charts show, which the request rows
     * cannot give (percentiles do not add up). Its {@code target} is empty, as no request row's is, so the total
     * rows are told apart whatever the requests are named. A plan with a single request name has no total row:
     * that request's row holds the same figures.
     */
    public static final String TOTAL = "(all)";

    private CsvReport() {}

    /** Writes the CSV of {@code r}'s timeline. */
    public static void write(RunResult r, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        for (TimelinePoint p : r.timeline()) {
            rows(r, p, p.warmup(), p.total(), p.requests(), p::offeredOf, p.offered(), out);
            TimelinePoint.Crossover other = p.otherKind();
            if (other != null) {
                // The interval's requests of the other kind, in rows of their kind, with what of that kind was due
                // then: nothing, but after a stall of gale across the boundary.
                rows(r, p, !p.warmup(), other.total(), other.requests(), other::offeredOf, other.offered(), out);
            }
        }
        out.flush();
    }

    /**
     * Writes the rows of interval {@code p}'s requests of one kind ({@code warmup}): one per request name of
     * {@code each}, and the total row of {@code total} when the plan has several.
     *
     * @param offeredOf the load offered to request {@code i} (plan order)
     */
    private static void rows(
            RunResult r,
            TimelinePoint p,
            boolean warmup,
            Sample total,
            List<Sample> each,
            IntToDoubleFunction offeredOf,
            double offered,
            Writer out)
            throws IOException {
        List<RequestSpec> specs = r.plan().requests();
        int requests = Math.min(each.size(), specs.size());
        for (int i = 0; i < requests; i++) {
            String target = specs.get(i).target();
            PoolLevels pools = p.poolsOf(Math.max(0, r.plan().targetIndex(target)));
            row(p, warmup, specs.get(i).name(), target, each.get(i), offeredOf.applyAsDouble(i), pools, out);
        }
        if (specs.size() > 1) {
            row(p, warmup, TOTAL, "", total, offered, p.pools(), out);
        }
    }

    /**
     * Writes the row of {@code s}, requests of interval {@code p} of kind {@code warmup} to which {@code offered}
     * were offered, with the figures of {@code pools}: their target's.
     */
    private static void row(
            TimelinePoint p,
            boolean warmup,
            String request,
            String target,
            Sample s,
            double offered,
            PoolLevels pools,
            Writer out)
            throws IOException {
        double secs = p.seconds();
        List<String> row = new ArrayList<>(COLUMNS.size());
        row.add(num(p.startSeconds(), 3));
        row.add(num(p.endSeconds(), 3));
        row.add(quote(p.phase()));
        row.add(String.valueOf(warmup));
        row.add(quote(request));
        row.add(quote(target));
        row.add(String.valueOf(s.scheduled()));
        row.add(String.valueOf(s.sent()));
        row.add(String.valueOf(s.responses()));
        row.add(String.valueOf(s.errors()));
        row.add(String.valueOf(s.dropped()));
        row.add(num(secs > 0 ? offered / secs : 0, 2));
        row.add(num(secs > 0 ? s.responses() / secs : 0, 2));
        Latency l = s.responseTime();
        for (int q = 0; q < Latency.PERCENTILES.length; q++) {
            row.add(ms(l, l.percentile(q)));
        }
        row.add(ms(l, l.max()));
        row.add(ms(l, l.mean()));
        Latency service = s.serviceTime();
        row.add(ms(service, service.p50()));
        row.add(ms(service, service.p99()));
        row.add(ms(service, service.max()));
        Latency lag = s.scheduleLag();
        row.add(ms(lag, lag.p99()));
        row.add(ms(lag, lag.max()));
        long[] classes = new long[5];
        for (Map.Entry<Integer, Long> e : s.statuses().entrySet()) {
            int c = e.getKey() / 100 - 1;
            if (c >= 0 && c < classes.length) {
                classes[c] += e.getValue();
            }
        }
        for (long c : classes) {
            row.add(String.valueOf(c));
        }
        for (ErrorKind k : ErrorKind.values()) {
            row.add(String.valueOf(s.errorsByKind().getOrDefault(k.key(), 0L)));
        }
        row.add(String.valueOf(s.bytesSent()));
        row.add(String.valueOf(s.bytesReceived()));
        row.add(String.valueOf(pools.inFlight()));
        row.add(String.valueOf(pools.queued()));
        row.add(String.valueOf(pools.openConnections()));
        row.add(String.valueOf(s.retries()));
        out.write(String.join(",", row));
        out.write('\n');
    }

    /** A latency in milliseconds, or an empty field when {@code l} holds no value to read it from. */
    private static String ms(Latency l, double millis) {
        return l.count() == 0 ? "" : num(millis, 3);
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** RFC 4180: quotes a field that holds a comma, quote or line break. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
