package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CsvReportTest {
    private static String field(List<String> row, String column) {
        return row.get(CsvReport.COLUMNS.indexOf(column));
    }

    private static List<List<String>> rows(RunResult r) throws Exception {
        StringWriter out = new StringWriter();
        CsvReport.write(r, out);
        List<String> lines = out.toString().lines().toList();
        return lines.subList(1, lines.size()).stream()
                .map(PercentileAgreementTest::parseCsvLine)
                .toList();
    }

    @Test
    void oneRowPerIntervalPerRequestNameAndOneForAllOfThemWithAFixedHeader() throws Exception {
        RunResult r = SampleResults.typical();
        StringWriter out = new StringWriter();
        CsvReport.write(r, out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", CsvReport.COLUMNS));
        assertThat(lines).hasSize(1 + r.timeline().size() * (r.requests().size() + 1));
        for (int i = 0; i < r.timeline().size(); i++) {
            List<String> requests = new ArrayList<>();
            for (int k = 1; k <= r.requests().size() + 1; k++) {
                requests.add(PercentileAgreementTest.parseCsvLine(
                                lines.get(i * (r.requests().size() + 1) + k))
                        .get(CsvReport.COLUMNS.indexOf("request")));
            }
            // Plan order, then the total, its target empty: it may span several.
            assertThat(requests).containsExactly("GET /users", "POST /orders, \"new\"", "GET /logo.png <b>", "(all)");
            assertThat(lines.get(i * (r.requests().size() + 1) + r.requests().size() + 1))
                    .contains(",(all),,");
        }
        for (String line : lines.subList(1, lines.size())) {
            assertThat(PercentileAgreementTest.parseCsvLine(line)).hasSize(CsvReport.COLUMNS.size());
        }
        List<String> first = PercentileAgreementTest.parseCsvLine(lines.get(2));
        assertThat(first.get(CsvReport.COLUMNS.indexOf("request"))).isEqualTo("POST /orders, \"new\"");
        assertThat(lines.get(2)).contains(",\"POST /orders, \"\"new\"\"\",");
        assertThat(first.get(CsvReport.COLUMNS.indexOf("start_s"))).isEqualTo("0.000");
        assertThat(first.get(CsvReport.COLUMNS.indexOf("end_s"))).isEqualTo("1.000");
        assertThat(first.get(CsvReport.COLUMNS.indexOf("offered_per_s"))).isEqualTo("150.00");
    }

    @Test
    void offeredPerSecondIsWhatThePlanAskedForAndScheduledWhatWasIssued() throws Exception {
        // 1,000 req/s, 3:1, gale stalled from 1.8 s to 2.72 s: 800 issued in the first 1.72 s, 1,200 in 0.28 s.
        StringWriter out = new StringWriter();
        CsvReport.write(HandMadeResults.stalled(), out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(1 + 4 * 3);
        List<String> columns = List.of("start_s", "end_s", "request", "scheduled", "offered_per_s", "achieved_per_s");
        List<String> rows = lines.subList(1, lines.size()).stream()
                .map(PercentileAgreementTest::parseCsvLine)
                .map(f -> columns.stream()
                        .map(c -> f.get(CsvReport.COLUMNS.indexOf(c)))
                        .collect(java.util.stream.Collectors.joining(" ")))
                .toList();
        assertThat(rows)
                .containsExactly(
                        "0.000 1.000 a 750 750.00 750.00",
                        "0.000 1.000 b 250 250.00 250.00",
                        "0.000 1.000 (all) 1000 1000.00 1000.00",
                        "1.000 2.720 a 600 750.00 348.84",
                        "1.000 2.720 b 200 250.00 116.28",
                        "1.000 2.720 (all) 800 1000.00 465.12",
                        "2.720 3.000 a 900 750.00 3214.29",
                        "2.720 3.000 b 300 250.00 1071.43",
                        "2.720 3.000 (all) 1200 1000.00 4285.71",
                        "3.000 4.000 a 750 750.00 750.00",
                        "3.000 4.000 b 250 250.00 250.00",
                        "3.000 4.000 (all) 1000 1000.00 1000.00");
    }

    @Test
    void errorKindsAndStatusClassesHaveTheirOwnColumns() throws Exception {
        // Summed over the request rows, and over the total rows apart: each holds every request once.
        long[] timeouts = new long[2];
        long[] fiveHundreds = new long[2];
        for (List<String> f : rows(SampleResults.typical())) {
            int total = field(f, "request").equals("(all)") ? 1 : 0;
            timeouts[total] += Long.parseLong(field(f, "errors_read_timeout"));
            fiveHundreds[total] += Long.parseLong(field(f, "status_5xx"));
        }
        assertThat(timeouts).containsExactly(2, 2);
        long expected = SampleResults.typical().total().status(500);
        assertThat(fiveHundreds).containsExactly(expected, expected);
    }

    /** A live progress line: rate, offered, p50, p99, max, errors, in-flight, queued (0 when not shown), open. */
    private static final Pattern LIVE = Pattern.compile(
            "\\[[^]]*] (?:warm-up )?(\\S+) req/s \\(offered (\\S+)\\)  p50 (\\S+)  p99 (\\S+)  max (\\S+)"
                    + "  errors (\\S+).*  in-flight (\\d+)(?:  queued ([\\d,]+))?  open (\\d+)");

    @Test
    void theTotalRowOfEachIntervalShowsWhatTheLiveLineAndTheJsonTimelineShowForIt() throws Exception {
        // Percentiles of several requests cannot be merged from their rows: the total row is read from the
        // interval's merged histogram, as the live line and the HTML chart are.
        RunResult r = SampleResults.withWarmup();
        List<List<String>> totals = totalRowsOfEachIntervalsOwnKind(r, SampleResults.withWarmupSnapshots());
        // Worth checking: the merged percentiles are none of the requests' own.
        assertThat(totals.get(3).get(CsvReport.COLUMNS.indexOf("p99_ms")))
                .isNotIn(rows(r).stream()
                        .filter(f -> field(f, "start_s").equals("3.000")
                                && !field(f, "request").equals("(all)"))
                        .map(f -> field(f, "p99_ms"))
                        .toList());
    }

    @Test
    void theTotalRowOfEachIntervalsOwnKindShowsWhatTheLiveLineAndTheJsonTimelineShowForIt() throws Exception {
        // The first measured second holds the warm-up's last responses, the cool-down's first the measured phase's
        // last: the rows of their kind follow, and the interval's own rows show what its live line shows.
        RunResult r = HandMadeResults.lateWarmUp();
        List<List<String>> totals = totalRowsOfEachIntervalsOwnKind(r, HandMadeResults.lateWarmUpSnapshots());
        assertThat(totals)
                .extracting(f -> field(f, "warmup") + " " + field(f, "responses"))
                .containsExactly("true 71", "true 100", "false 100", "false 85", "true 100");
    }

    /**
     * The total row of each interval of {@code r}, made of {@code snapshots}, of the interval's own kind, each
     * checked against the live line of its snapshot and its point of the JSON timeline.
     */
    private static List<List<String>> totalRowsOfEachIntervalsOwnKind(RunResult r, List<IntervalSnapshot> snapshots)
            throws Exception {
        Set<String> starts = new HashSet<>();
        // An interval's rows of its own kind come first.
        List<List<String>> totals = rows(r).stream()
                .filter(f -> field(f, "request").equals("(all)"))
                .filter(f -> starts.add(field(f, "start_s")))
                .toList();
        assertThat(totals).hasSize(snapshots.size()).hasSize(r.timeline().size());
        JsonNode timeline = new ObjectMapper().readTree(JsonReport.toString(r)).path("timeline");
        for (int i = 0; i < snapshots.size(); i++) {
            List<String> row = totals.get(i);
            IntervalSnapshot s = snapshots.get(i);
            StringWriter live = new StringWriter();
            new ProgressLines(new PrintWriter(live), Duration.ofNanos(r.plan().plannedNanos()), r.plan()).onInterval(s);
            Matcher m = LIVE.matcher(live.toString());
            assertThat(m.find()).as(live.toString()).isTrue();
            JsonNode point = timeline.get(i);
            // The interval's own length: the CSV writes its ends to the millisecond.
            double secs = point.path("endSeconds").asDouble()
                    - point.path("startSeconds").asDouble();
            String[] fromCsv = {
                Units.rate(Long.parseLong(field(row, "responses")) / secs),
                Units.rate(Double.parseDouble(field(row, "offered_per_s"))),
                Units.millis(Double.parseDouble(field(row, "p50_ms"))),
                Units.millis(Double.parseDouble(field(row, "p99_ms"))),
                Units.millis(Double.parseDouble(field(row, "max_ms"))),
                Units.count(Long.parseLong(field(row, "errors"))),
                field(row, "in_flight"),
                Units.count(Long.parseLong(field(row, "queued"))),
                field(row, "open_connections")
            };
            assertThat(fromCsv)
                    .as("interval %d: %s", i, live)
                    .containsExactly(
                            m.group(1),
                            m.group(2),
                            m.group(3),
                            m.group(4),
                            m.group(5),
                            m.group(6),
                            m.group(7),
                            m.group(8) == null ? "0" : m.group(8),
                            m.group(9));

            JsonNode total = point.path("total");
            JsonNode rt = total.path("responseTime");
            assertThat(List.of(
                            field(row, "start_s"),
                            field(row, "phase"),
                            field(row, "warmup"),
                            field(row, "scheduled"),
                            field(row, "sent"),
                            field(row, "responses"),
                            field(row, "errors"),
                            field(row, "dropped"),
                            field(row, "offered_per_s"),
                            field(row, "p50_ms"),
                            field(row, "p75_ms"),
                            field(row, "p90_ms"),
                            field(row, "p99_ms"),
                            field(row, "p99_9_ms"),
                            field(row, "p99_99_ms"),
                            field(row, "max_ms"),
                            field(row, "service_p99_ms"),
                            field(row, "lag_max_ms"),
                            field(row, "status_2xx"),
                            field(row, "status_5xx"),
                            field(row, "errors_read_timeout"),
                            field(row, "bytes_received")))
                    .as("interval %d", i)
                    .containsExactly(
                            ms3(point.path("startSeconds").asDouble()),
                            point.path("phase").asText(),
                            point.path("warmup").asText(),
                            total.path("scheduled").asText(),
                            total.path("sent").asText(),
                            total.path("responses").asText(),
                            total.path("errors").asText(),
                            total.path("dropped").asText(),
                            String.format(
                                    Locale.ROOT, "%.2f", point.path("offered").asDouble() / secs),
                            ms3(rt.path("p50").asDouble()),
                            ms3(rt.path("p75").asDouble()),
                            ms3(rt.path("p90").asDouble()),
                            ms3(rt.path("p99").asDouble()),
                            ms3(rt.path("p999").asDouble()),
                            ms3(rt.path("p9999").asDouble()),
                            ms3(rt.path("max").asDouble()),
                            ms3(total.path("serviceTime").path("p99").asDouble()),
                            ms3(total.path("scheduleLag").path("max").asDouble()),
                            String.valueOf(total.path("statuses").path("200").asLong()),
                            String.valueOf(total.path("statuses").path("500").asLong()),
                            String.valueOf(total.path("errorsByKind")
                                    .path("read_timeout")
                                    .asLong()),
                            total.path("bytesReceived").asText());
        }
        return totals;
    }

    @Test
    void withOneRequestNameItsRowIsTheTotalAndNoOtherIsAdded() throws Exception {
        // A total row would repeat every row: twice the rows, and sums over them doubled, for a one-URL run.
        RunResult r = HandMadeResults.simple();
        assertThat(r.plan().requests()).hasSize(1);
        List<List<String>> rows = rows(r);
        assertThat(rows).hasSize(r.timeline().size());
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            var point = r.timeline().get(i);
            assertThat(field(row, "request"))
                    .isEqualTo(r.plan().requests().get(0).name());
            assertThat(List.of(
                            field(row, "responses"),
                            field(row, "p99_ms"),
                            field(row, "max_ms"),
                            field(row, "offered_per_s")))
                    .containsExactly(
                            String.valueOf(point.total().responses()),
                            ms3(point.total().responseTime().p99()),
                            ms3(point.total().responseTime().max()),
                            String.format(Locale.ROOT, "%.2f", point.offered() / point.seconds()));
        }
    }

    /** The {@code (all)} rows of {@code rows} of one kind: warm-up or measured. */
    private static List<List<String>> totalRows(List<List<String>> rows, boolean warmup) {
        return rows.stream()
                .filter(f -> field(f, "request").equals(CsvReport.TOTAL)
                        && field(f, "warmup").equals(String.valueOf(warmup)))
                .toList();
    }

    /** The counts of {@code totals}, rows of one kind, add up to {@code expected}, that kind's totals. */
    private static void assertCountsAddUp(List<List<String>> totals, Stats expected, boolean warmup) {
        assertThat(List.of(
                        sum(totals, "scheduled"),
                        sum(totals, "sent"),
                        sum(totals, "responses"),
                        sum(totals, "errors"),
                        sum(totals, "status_5xx")))
                .as("warmup=%s", warmup)
                .containsExactly(
                        expected.scheduled(),
                        expected.sent(),
                        expected.responses(),
                        expected.errors(),
                        expected.status(503));
    }

    @Test
    void theMeasuredRowsAddUpToTheMeasuredTotalsThoughWarmUpRequestsAreAnsweredAfterTheWarmUp() throws Exception {
        // The warm-up's last requests are answered in the first measured interval, the measured phase's last in the
        // cool-down's first: each counts in the rows of its own kind, which that interval has beside its own rows.
        RunResult r = HandMadeResults.lateWarmUp();
        Stats warmup = new Stats();
        r.warmupRequests().forEach(warmup::add);
        List<List<String>> rows = rows(r);
        for (boolean kind : new boolean[] {false, true}) {
            Stats expected = kind ? warmup : r.total();
            List<List<String>> totals = totalRows(rows, kind);
            assertCountsAddUp(totals, expected, kind);
            assertThat(totals.stream()
                            .filter(f -> !field(f, "max_ms").isEmpty())
                            .mapToDouble(f -> Double.parseDouble(field(f, "max_ms")))
                            .max()
                            .orElseThrow())
                    .as("warmup=%s", kind)
                    .isEqualTo(Double.parseDouble(
                            ms3(Latency.of(expected.responseTime()).max())));
            for (int i = 0; i < r.requests().size(); i++) {
                String name = r.plan().requests().get(i).name();
                List<List<String>> own = rows.stream()
                        .filter(f -> field(f, "request").equals(name)
                                && field(f, "warmup").equals(String.valueOf(kind)))
                        .toList();
                Stats s = (kind ? r.warmupRequests() : r.requests()).get(i);
                assertThat(List.of(sum(own, "scheduled"), sum(own, "responses"), sum(own, "errors")))
                        .as("%s, warmup=%s", name, kind)
                        .containsExactly(s.scheduled(), s.responses(), s.errors());
            }
        }
        // The first measured second: its own rows as ever, then the warm-up's late answers, offered nothing.
        assertThat(rows.stream()
                        .filter(f -> field(f, "start_s").equals("2.000"))
                        .map(f -> String.join(
                                " ",
                                field(f, "phase"),
                                field(f, "warmup"),
                                field(f, "request"),
                                field(f, "responses"),
                                field(f, "errors"),
                                field(f, "offered_per_s"),
                                field(f, "open_connections")))
                        .toList())
                .containsExactly(
                        "main false x 50 0 50.00 32",
                        "main false y 50 0 50.00 32",
                        "main false (all) 100 0 100.00 32",
                        "main true x 14 0 0.00 32",
                        "main true y 15 1 0.00 32",
                        "main true (all) 29 1 0.00 32");
    }

    @Test
    void aResultWrittenBeforeTheTimelineKeptTheOtherKindApartHasTotalRowsThatAddUpToEachKindsTotals() throws Exception {
        // Its rows held both kinds, and its crossover the other kind's too: read back, the first measured second's
        // total row is its measured requests alone, as the interval log has always shown it.
        RunResult now = HandMadeResults.lateWarmUp();
        RunResult old = JsonReport.fromJson(
                SampleResults.writtenBeforeTheTimelineKeptTheOtherKindApart(now, HandMadeResults.lateWarmUpSnapshots()),
                "old.json");
        Stats warmup = new Stats();
        old.warmupRequests().forEach(warmup::add);
        List<List<String>> rows = rows(old);
        for (boolean kind : new boolean[] {false, true}) {
            Stats expected = kind ? warmup : old.total();
            List<List<String>> totals = totalRows(rows, kind);
            assertCountsAddUp(totals, expected, kind);
        }
        // The total rows are those of the result written now, but for the schedule lag, which the old one gave of
        // both kinds; the rows per request name stay as they were written, both kinds (64 + 65 = 100 + 29).
        List<String> lag = List.of("lag_p99_ms", "lag_max_ms");
        assertThat(totalRowsWithout(rows, lag)).isEqualTo(totalRowsWithout(rows(now), lag));
        assertThat(rows.stream()
                        .filter(f -> field(f, "start_s").equals("2.000"))
                        .map(f -> String.join(" ", field(f, "warmup"), field(f, "request"), field(f, "responses"))))
                .containsExactly("false x 64", "false y 65", "false (all) 100", "true (all) 29");
    }

    private static List<List<String>> totalRowsWithout(List<List<String>> rows, List<String> columns) {
        return rows.stream()
                .filter(f -> field(f, "request").equals(CsvReport.TOTAL))
                .map(f -> {
                    List<String> kept = new ArrayList<>(f);
                    columns.forEach(c -> kept.set(CsvReport.COLUMNS.indexOf(c), ""));
                    return kept;
                })
                .toList();
    }

    private static long sum(List<List<String>> rows, String column) {
        return rows.stream().mapToLong(f -> Long.parseLong(field(f, column))).sum();
    }

    private static String ms3(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    @Test
    void aSecondWithoutResponsesLeavesItsLatencyFieldsEmptyRatherThanZero() throws Exception {
        StringWriter out = new StringWriter();
        CsvReport.write(HandMadeResults.noResponses(), out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = PercentileAgreementTest.parseCsvLine(line);
            assertThat(f).hasSize(CsvReport.COLUMNS.size());
            assertThat(f.get(CsvReport.COLUMNS.indexOf("responses"))).isEqualTo("0");
            for (String column : List.of(
                    "p50_ms", "p99_99_ms", "max_ms", "mean_ms", "service_p50_ms", "service_p99_ms", "service_max_ms")) {
                assertThat(f.get(CsvReport.COLUMNS.indexOf(column))).as(column).isEmpty();
            }
            // Every request was scheduled, so its lag was measured.
            assertThat(f.get(CsvReport.COLUMNS.indexOf("lag_max_ms"))).isNotEmpty();
            assertThat(f.get(CsvReport.COLUMNS.indexOf("errors"))).isEqualTo("100");
        }
    }
}
