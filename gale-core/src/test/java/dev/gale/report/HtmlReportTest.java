package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gale.plan.Plan;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.TimelinePoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private final RunResult result = SampleResults.typical();
    private final String html = HtmlReport.render(result);

    @Test
    void theSameResultGivesTheSameBytesAlsoAfterAJsonRoundTrip() {
        assertThat(HtmlReport.render(result)).isEqualTo(html);
        RunResult read = JsonReport.fromJson(JsonReport.toJson(result), "r.json");
        assertThat(HtmlReport.render(read)).isEqualTo(html);
    }

    @Test
    void aRunWithoutResponsesShowsNoLatencyFiguresRatherThanZeros() {
        String page = HtmlReport.render(HandMadeResults.noResponses());
        assertThat(page).doesNotContain("0.00us").doesNotContain("data-ms=\"0.000\"");
        assertThat(page)
                .contains("<div class=\"k\">p50</div><div class=\"v\">-</div>")
                .contains("<div class=\"k\">max</div><div class=\"v\">-</div>");
        Matcher row = Pattern.compile("<tr><td>response time</td>(.*?)</tr>").matcher(page);
        assertThat(row.find()).isTrue();
        assertThat(row.group(1)).isEqualTo("<td class=\"num\">0</td>" + "<td class=\"num\">-</td>".repeat(9));
    }

    @Test
    void aClosedRunIsNotSaidToBeCorrectedForCoordinatedOmission() {
        assertThat(html)
                .contains("latencies are measured from each request&#39;s intended start (coordinated-omission"
                        + " corrected)")
                .contains("response time: completion - intended start; service time");
        RunResult closed = SampleResults.closedModel(result);
        String page = HtmlReport.render(closed);
        assertThat(page)
                .doesNotContain("coordinated-omission corrected")
                .contains("latencies are measured from each user&#39;s previous response (closed model: not corrected"
                        + " for coordinated omission)")
                .contains("response time: completion - intended start, which in a closed model is the user&#39;s"
                        + " previous response: a wait for a connection counts");
    }

    @Test
    void aWarmupsCountsAreGivenAsInTheSummary() {
        assertThat(html).doesNotContain("Warm-up:");
        RunResult warm = SampleResults.withWarmup();
        assertThat(HtmlReport.render(warm))
                .contains("<p class=\"warmup\">Warm-up: " + TextReport.warmup(warm)
                        + " (in none of the tables; the charts shade its intervals).</p>");
        assertThat(TextReport.warmup(warm))
                .isEqualTo(Units.count(warm.warmupTotal().scheduled()) + " issued, "
                        + Units.count(warm.warmupTotal().responses()) + " answered, "
                        + Units.count(warm.warmupTotal().errors()) + " errors");
        // Where the rest of those issued went: 59 of 80 were dropped, which the line left out.
        Stats dropped = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                80,
                21,
                21,
                59,
                0,
                0,
                Map.of(),
                Map.of(200, 21L));
        RunResult some = SampleResults.copy(warm)
                .warmupRequests(List.of(dropped, new Stats(), new Stats()))
                .build();
        assertThat(TextReport.warmup(some)).isEqualTo("80 issued, 21 answered, 0 errors, 59 dropped");
    }

    @Test
    void thePageIsSelfContained() {
        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("<iframe");
        assertThat(html).contains("uPlot 1.6.32").contains("id=\"gale-data\"");
        Matcher scripts = Pattern.compile("<script[^>]*>").matcher(html);
        while (scripts.find()) {
            assertThat(scripts.group()).doesNotContain("src");
        }
    }

    @Test
    void itHasEverySectionTheIssueAsksFor() {
        assertThat(html)
                .contains(
                        "id=\"verdict\"",
                        "id=\"chart-throughput\"",
                        "id=\"chart-latency\"",
                        "id=\"chart-distribution\"",
                        "class=\"per-request\"",
                        "class=\"per-target\"",
                        "class=\"statuses\"",
                        "class=\"errors\"",
                        "class=\"thresholds\"",
                        "id=\"settings\"");
        assertThat(html).contains("FAILED").contains("1 of 2 thresholds failed");
        assertThat(html).contains("<td class=\"fail\">FAIL</td><td>error_rate&lt;0.5%</td>");
        assertThat(html).contains("read_timeout").contains("<td>500</td>");
    }

    @Test
    void aTargetsUrlShowsItsBasePathAlsoAfterAJsonRoundTrip() {
        Plan plan = result.plan();
        List<Target> targets = plan.targets().stream()
                .map(t -> new Target(t.name(), t.scheme(), t.host(), t.port(), t.connections(), "/v1"))
                .toList();
        RunResult based = SampleResults.copy(result)
                .plan(new Plan(targets, plan.requests(), plan.phases(), plan.threads(), plan.thresholds()))
                .build();
        String page = HtmlReport.render(based);
        String url = targets.get(0).baseUrl() + "/v1";
        assertThat(page)
                .contains("<td>" + targets.get(0).name() + "</td><td>" + url + "</td><td>")
                .as("the per-target table and the settings")
                .containsPattern("(?s)" + Pattern.quote(url + "</td>") + ".*" + Pattern.quote(url + "</td>"));
        RunResult read = JsonReport.fromJson(JsonReport.toJson(based), "r.json");
        assertThat(read.plan().targets()).isEqualTo(targets);
        assertThat(HtmlReport.render(read)).isEqualTo(page);
    }

    @Test
    void namesAreEscapedAndSecretsHidden() {
        assertThat(html).contains("GET /logo.png &lt;b&gt;").doesNotContain("GET /logo.png <b>");
        assertThat(html)
                .contains("Authorization: Bearer &lt;redacted&gt;; Content-Type: application/json")
                .doesNotContain("secret-token");
    }

    @Test
    void chartsCarryEverySeries() throws Exception {
        JsonNode throughput = PercentileAgreementTest.chart(html, "chart-throughput");
        assertThat(throughput.path("series"))
                .extracting(s -> s.path("label").asText())
                .containsExactly("achieved", "offered", "errors");
        JsonNode latency = PercentileAgreementTest.chart(html, "chart-latency");
        assertThat(latency.path("series"))
                .extracting(s -> s.path("label").asText())
                .containsExactly("p50", "p90", "p99", "p99.9", "max");
        JsonNode dist = PercentileAgreementTest.chart(html, "chart-distribution");
        assertThat(dist.path("kind").asText()).isEqualTo("nines");
        assertThat(dist.path("series"))
                .extracting(s -> s.path("label").asText())
                .containsExactly("response time", "service time");
    }

    @Test
    void theChartsOverTimeHoldEveryRowOfTheTimelineWithItsOwnValuesTheShortLastOneToo() throws Exception {
        for (RunResult r : List.of(result, HandMadeResults.stoppedAfterAFreeze())) {
            List<TimelinePoint> rows = r.timeline();
            assertThat(rows.get(rows.size() - 1).seconds())
                    .as("a short last row, as a run ends with")
                    .isLessThan(0.5);
            String page = HtmlReport.render(r);
            Map<String, Function<TimelinePoint, Double>> values = new LinkedHashMap<>();
            values.put("achieved", p -> p.total().responses() / p.seconds());
            values.put("offered", p -> p.offered() / p.seconds());
            values.put("errors", p -> p.total().errors() / p.seconds());
            values.put(
                    "p50",
                    p -> p.total().responseTime().count() == 0
                            ? null
                            : p.total().responseTime().p50());
            values.put(
                    "max",
                    p -> p.total().responseTime().count() == 0
                            ? null
                            : p.total().responseTime().max());
            for (String id : List.of("chart-throughput", "chart-latency")) {
                for (JsonNode s : PercentileAgreementTest.chart(page, id).path("series")) {
                    String label = s.path("label").asText();
                    assertThat(s.path("x"))
                            .as("%s %s: a point at each row's start", id, label)
                            .extracting(JsonNode::asDouble)
                            .containsExactlyElementsOf(rows.stream()
                                    .map(TimelinePoint::startSeconds)
                                    .toList());
                    assertThat(s.path("end").asDouble())
                            .as("%s %s: the last row's end", id, label)
                            .isEqualTo(rows.get(rows.size() - 1).endSeconds());
                    if (!values.containsKey(label)) {
                        continue;
                    }
                    for (int i = 0; i < rows.size(); i++) {
                        Double expected = values.get(label).apply(rows.get(i));
                        JsonNode y = s.path("y").get(i);
                        if (expected == null) {
                            assertThat(y.isNull())
                                    .as("%s %s row %d: a gap", id, label, i)
                                    .isTrue();
                        } else {
                            assertThat(y.asDouble())
                                    .as("%s %s row %d", id, label, i)
                                    .isCloseTo(expected, within(1e-6));
                        }
                    }
                }
            }
            // So the achieved rate over the rows adds up to the requests of the card above.
            JsonNode achieved = PercentileAgreementTest.chart(page, "chart-throughput")
                    .path("series")
                    .get(0);
            double responses = 0;
            for (int i = 0; i < rows.size(); i++) {
                double until = i + 1 < rows.size()
                        ? achieved.path("x").get(i + 1).asDouble()
                        : achieved.path("end").asDouble();
                responses += achieved.path("y").get(i).asDouble()
                        * (until - achieved.path("x").get(i).asDouble());
            }
            assertThat(responses).isCloseTo(r.total().responses(), within(0.01));
            assertThat(page)
                    .contains("<div class=\"k\">Requests</div><div class=\"v\">"
                            + Units.count(r.total().responses()) + "</div>");
        }
    }

    @Test
    void aRunThatOverranItsPlanSaysSoInTheSummarysWords() {
        assertThat(html).doesNotContain("overran");
        // 7.5 s of waiting for the last responses after a 10 s plan.
        RunResult late = SampleResults.copy(result)
                .totalNanos(result.plan().plannedNanos() + 7_500_000_000L)
                .build();
        String sentence = "ended 7.50s after the planned 10.00s, waiting for the last responses; the rates are per"
                + " planned second";
        StringWriter text = new StringWriter();
        new TextReport(false).write(late, new PrintWriter(text));
        assertThat(text.toString()).contains("  Overran       " + sentence + "\n");
        assertThat(HtmlReport.render(late)).contains("<li>overran: " + sentence + "</li>");
    }

    @Test
    void requestsResentAfterTheServerClosedAKeptAliveConnectionAreCountedInTheSummarysWords() {
        assertThat(html)
                .as("no retries")
                .contains("<p class=\"connections\">Connections: 32 opened, 1 failed to open.</p>")
                .doesNotContain("resent");
        long[] retries = {30, 10, 0};
        List<Stats> requests = new ArrayList<>();
        for (int i = 0; i < retries.length; i++) {
            requests.add(result.requests().get(i).copy().withRetries(retries[i]));
        }
        RunResult retried = SampleResults.copy(result).requests(requests).build();
        String sentence = "32 opened, 1 failed to open, 40 requests resent after the server had closed a kept-alive"
                + " connection";
        StringWriter text = new StringWriter();
        new TextReport(false).write(retried, new PrintWriter(text));
        assertThat(text.toString()).contains("  Connections   " + sentence + "\n");
        String page = HtmlReport.render(retried);
        assertThat(page).contains("<p class=\"connections\">Connections: " + sentence + ".</p>");
        assertThat(HtmlReport.render(JsonReport.fromJson(JsonReport.toJson(retried), "r.json")))
                .as("after a JSON round trip")
                .isEqualTo(page);
    }

    @Test
    void requestsThatWaitedForAConnectionAreCountedPerTargetWithTheLongestWaitInTheSummarysWords() {
        // -R 500 -c 20 against a server that stalls 1 s every 5 s: response time p90 580 ms against service time
        // p90 6 ms, and only the live warnings had said that requests waited for a connection.
        assertThat(html).as("none waited").doesNotContain("waited for a connection (longest");
        long[] waited = {1_000, 234, 0};
        long[] longestMillis = {812, 300, 0};
        List<Stats> requests = new ArrayList<>();
        for (int i = 0; i < waited.length; i++) {
            requests.add(
                    result.requests().get(i).copy().withWaitedForConnection(waited[i], longestMillis[i] * 1_000_000L));
        }
        RunResult queued = SampleResults.copy(result).requests(requests).build();
        String sentence = "1,234 requests to api waited for a connection (longest 812.00ms): response time"
                + " includes that wait, service time does not";
        StringWriter text = new StringWriter();
        new TextReport(false).write(queued, new PrintWriter(text));
        assertThat(text.toString())
                .contains("  Connections   32 opened, 1 failed to open\n                " + sentence + "\n")
                .doesNotContain("requests to static");
        String page = HtmlReport.render(queued);
        assertThat(page)
                .contains("<p class=\"connections\">Connections: 32 opened, 1 failed to open; " + sentence + ".</p>");
        assertThat(HtmlReport.render(JsonReport.fromJson(JsonReport.toJson(queued), "r.json")))
                .as("after a JSON round trip")
                .isEqualTo(page);

        // Each target its own line, and no name where the plan has one target.
        requests.set(2, result.requests().get(2).copy().withWaitedForConnection(1, 2_345_000_000L));
        StringWriter both = new StringWriter();
        new TextReport(false)
                .write(SampleResults.copy(result).requests(requests).build(), new PrintWriter(both));
        assertThat(both.toString())
                .contains("                " + sentence + "\n                1 request to static waited for a"
                        + " connection (longest 2.35s): response time includes that wait, service time does not\n");
        RunResult simple = HandMadeResults.simple();
        RunResult one = SampleResults.copy(simple)
                .requests(List.of(simple.requests().get(0).copy().withWaitedForConnection(57, 31_000_000L)))
                .build();
        StringWriter single = new StringWriter();
        new TextReport(false).write(one, new PrintWriter(single));
        assertThat(single.toString())
                .contains("  Connections   64 opened, 1 failed to open\n                57 requests waited for a"
                        + " connection (longest 31.00ms): response time includes that wait, service time does not\n");
    }

    @Test
    void connectionsGaleClosedAfterBytesBeyondAResponseAreCountedWithTheFirstDescription() {
        assertThat(html).as("none closed so").doesNotContain("beyond a response");
        RunResult r = HandMadeResults.extraBytes();
        String page = HtmlReport.render(r);
        assertThat(page)
                .contains("<p class=\"connections\">Connections: 32 opened, 1 failed to open, 22 closed by gale after"
                        + " bytes beyond a response; first from api: 44 bytes after a complete response, in the same"
                        + " read: &quot;HTTP/1.1 503 Busy\\r\\n...&quot;.</p>")
                .contains("<th>closed by gale after bytes beyond a response</th>");
        assertThat(HtmlReport.render(JsonReport.fromJson(JsonReport.toJson(r), "r.json")))
                .as("after a JSON round trip")
                .isEqualTo(page);
    }

    @Test
    void theChartsDrawEachRowsOwnKindNotTheLateAnswersOfTheOther() throws Exception {
        // The warm-up's last 29 requests (300 ms, one a 503) are answered in the first measured second, the measured
        // phase's last 15 (200 ms, one a 503) in the cool-down's: neither row's steps count them.
        List<IntervalSnapshot> snapshots = HandMadeResults.lateWarmUpSnapshots();
        String page = HtmlReport.render(HandMadeResults.lateWarmUp());
        Map<String, JsonNode> series = new LinkedHashMap<>();
        for (String id : List.of("chart-throughput", "chart-latency")) {
            for (JsonNode s : PercentileAgreementTest.chart(page, id).path("series")) {
                series.put(s.path("label").asText(), s.path("y"));
            }
        }
        for (int i = 0; i < snapshots.size(); i++) {
            IntervalSnapshot s = snapshots.get(i);
            Stats own = new Stats();
            s.own().forEach(own::add);
            assertThat(series.get("achieved").get(i).asDouble())
                    .as("achieved, row %d", i)
                    .isCloseTo(own.responses() / s.seconds(), within(1e-6));
            assertThat(series.get("errors").get(i).asDouble())
                    .as("errors, row %d", i)
                    .isCloseTo(own.errors() / s.seconds(), within(1e-6));
            assertThat(series.get("max").get(i).asDouble())
                    .as("max, row %d", i)
                    .isEqualTo(Latency.of(own.responseTime()).max());
        }
    }

    @Test
    void theChartsOfAResultWrittenBeforeTheTimelineKeptTheOtherKindApartDrawEachRowsOwnKindToo() throws Exception {
        // Its first measured second counted the warm-up's 29 late answers too, and its crossover said which: read
        // back, the charts draw what they draw of a result written now.
        RunResult now = HandMadeResults.lateWarmUp();
        RunResult old = JsonReport.fromJson(
                SampleResults.writtenBeforeTheTimelineKeptTheOtherKindApart(now, HandMadeResults.lateWarmUpSnapshots()),
                "old.json");
        for (String id : List.of("chart-throughput", "chart-latency")) {
            assertThat(PercentileAgreementTest.chart(HtmlReport.render(old), id))
                    .as(id)
                    .isEqualTo(PercentileAgreementTest.chart(HtmlReport.render(now), id));
        }
    }

    @Test
    void warmUpIsShadedAndExcludedFromTheTotals() throws Exception {
        RunResult withWarmup = SampleResults.withWarmup();
        String warm = HtmlReport.render(withWarmup);
        JsonNode bands = PercentileAgreementTest.chart(warm, "chart-throughput").path("bands");
        assertThat(bands).hasSize(1);
        assertThat(bands.get(0).path("from").asDouble()).isEqualTo(0.0);
        assertThat(bands.get(0).path("to").asDouble()).isEqualTo(2.0);
        // The totals are the eight measured seconds' alone.
        long measured = withWarmup.total().responses();
        assertThat(withWarmup.warmupTotal().responses()).isPositive();
        assertThat(warm)
                .contains("<div class=\"k\">Requests</div><div class=\"v\">" + Units.count(measured)
                        + "</div><div class=\"s\">in 8.00s</div>");
    }

    @Test
    void theErrorTableSaysWhatATargetFirstSaidOfAnErrorItsKindDoesNotExplain() {
        String page = HtmlReport.render(HandMadeResults.describedErrors());
        assertThat(page)
                .contains("the response was not valid HTTP/1.x; first from api: not an HTTP/1.x status line")
                .as("no request failed as tls")
                .doesNotContain("PKIX");
    }

    @Test
    void errorSharesAreOfTheRequestsWhoseOutcomeIsKnownAndCancelledOnesAreNoError() {
        // After a Ctrl-C the kinds' shares were of all completed requests, cancelled ones included, so they did
        // not add up to the error rate the same page shows, and cancelled was listed with a share like an error.
        RunResult simple = HandMadeResults.simple();
        Stats cancelled = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                5_000,
                0,
                0,
                0,
                0,
                0,
                Map.of(ErrorKind.CANCELLED, 5_000L),
                Map.of());
        RunResult stopped = SampleResults.copy(simple)
                .requests(List.of(simple.requests().get(0).copy().add(cancelled)))
                .build();
        Stats total = stopped.total();
        long resets = total.errors(ErrorKind.RESET);
        assertThat(resets).isPositive();

        String page = HtmlReport.render(stopped);

        assertThat(page)
                .contains("<td>reset</td><td class=\"num\">" + Units.count(resets) + "</td><td class=\"num\">"
                        + Units.percent(total.shareOfKnown(resets)) + "</td>")
                .contains("<td>cancelled</td><td class=\"num\">5,000</td><td class=\"num\">-</td>");
        assertThat(total.shareOfKnown(total.errors())).isEqualTo(total.errorRate());
    }
}
