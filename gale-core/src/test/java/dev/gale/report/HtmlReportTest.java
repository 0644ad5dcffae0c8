package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gale.plan.Plan;
import dev.gale.plan.Target;
import dev.gale.record.RunResult;
import java.util.List;
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
        RunResult based = new RunResult(
                        new Plan(targets, plan.requests(), plan.phases(), plan.threads(), plan.thresholds()),
                        result.startedAt(),
                        result.measuredNanos(),
                        result.totalNanos(),
                        result.interrupted(),
                        result.requests(),
                        result.warmupRequests(),
                        result.targets(),
                        result.timeline(),
                        result.generator())
                .withThresholds(result.thresholds());
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
    void chartsCarryEverySeriesAndSkipTheShortTail() throws Exception {
        JsonNode throughput = PercentileAgreementTest.chart(html, "chart-throughput");
        assertThat(throughput.path("series"))
                .extracting(s -> s.path("label").asText())
                .containsExactly("achieved", "offered", "errors");
        // Ten one-second intervals, plotted as steps: ten starts and the last end; the 0.2 s tail is left out.
        JsonNode x = throughput.path("series").get(0).path("x");
        assertThat(x).hasSize(11);
        assertThat(x.get(10).asDouble()).isEqualTo(10.0);
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
}
