package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gale.plan.RequestSpec;
import dev.gale.record.Histograms;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.TimelinePoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;

/**
 * The percentiles every format shows (text, JSON, HTML tables, cards and chart data, .hgrm, HdrHistogram
 * log, CSV) agree with each other and with the merged histogram they come from.
 */
class PercentileAgreementTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final RunResult result = SampleResults.typical();
    private final Histogram merged = result.total().responseTime();
    private final Latency expected = Latency.of(merged);

    private static String ms3(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    private double[] expectedValues() {
        return new double[] {
            expected.p50(),
            expected.p75(),
            expected.p90(),
            expected.p99(),
            expected.p999(),
            expected.p9999(),
            expected.max()
        };
    }

    @Test
    void theMergedHistogramHasATailWorthChecking() {
        assertThat(expected.count()).isGreaterThan(5000);
        assertThat(expected.max()).isGreaterThan(expected.p999()).isGreaterThan(expected.p50());
    }

    @Test
    void textShowsTheMergedHistogramsPercentiles() {
        StringWriter text = new StringWriter();
        new TextReport(false).write(result, new PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        int heading = lines.indexOf("  Response time (from the intended start)");
        assertThat(heading).isNotNegative();
        assertThat(lines.get(heading + 1).trim().split("\\s+"))
                .containsExactly("p50", "p75", "p90", "p99", "p99.9", "p99.99", "max");
        String[] shown = lines.get(heading + 2).trim().split("\\s+");
        assertThat(shown)
                .containsExactly(
                        Arrays.stream(expectedValues()).mapToObj(Units::millis).toArray(String[]::new));
    }

    @Test
    void jsonHoldsTheSamePercentilesAndTheHistogramItself() throws Exception {
        JsonNode root = MAPPER.readTree(JsonReport.toString(result));
        JsonNode rt = root.path("total").path("responseTime");
        assertThat(rt.path("count").asLong()).isEqualTo(expected.count());
        assertThat(rt.path("p50").asDouble()).isEqualTo(expected.p50());
        assertThat(rt.path("p90").asDouble()).isEqualTo(expected.p90());
        assertThat(rt.path("p99").asDouble()).isEqualTo(expected.p99());
        assertThat(rt.path("p999").asDouble()).isEqualTo(expected.p999());
        assertThat(rt.path("p9999").asDouble()).isEqualTo(expected.p9999());
        assertThat(rt.path("max").asDouble()).isEqualTo(expected.max());
        Histogram decoded = Histograms.decode(
                root.path("total").path("histograms").path("responseTime").asText());
        assertThat(decoded).isEqualTo(merged);
    }

    @Test
    void htmlTablesCardsAndChartAgreeWithTheHistogram() throws Exception {
        String html = HtmlReport.render(result);
        Matcher row = Pattern.compile("<tr><td>response time</td>(.*?)</tr>").matcher(html);
        assertThat(row.find()).isTrue();
        Matcher cell = Pattern.compile("data-ms=\"([0-9.]+)\">([^<]+)</td>").matcher(row.group(1));
        List<String> exact = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        while (cell.find()) {
            exact.add(cell.group(1));
            shown.add(cell.group(2));
        }
        // min, mean, p50, p75, p90, p99, p99.9, p99.99, max
        assertThat(exact.subList(2, 9))
                .containsExactly(Arrays.stream(expectedValues())
                        .mapToObj(PercentileAgreementTest::ms3)
                        .toArray(String[]::new));
        assertThat(shown.subList(2, 9))
                .containsExactly(
                        Arrays.stream(expectedValues()).mapToObj(Units::millis).toArray(String[]::new));
        assertThat(exact.get(0)).isEqualTo(ms3(expected.min()));

        for (String[] card : new String[][] {
            {"p50", Units.millis(expected.p50())},
            {"p99", Units.millis(expected.p99())},
            {"p99.9", Units.millis(expected.p999())},
            {"max", Units.millis(expected.max())}
        }) {
            assertThat(html).contains("<div class=\"k\">" + card[0] + "</div><div class=\"v\">" + card[1] + "</div>");
        }

        JsonNode distribution = chart(html, "chart-distribution").path("series").get(0);
        assertThat(distribution.path("label").asText()).isEqualTo("response time");
        List<Spectrum.Point> points = Spectrum.points(merged);
        assertThat(distribution.path("y")).hasSize(points.size());
        for (int i = 0; i < points.size(); i++) {
            assertThat(distribution.path("y").get(i).asDouble())
                    .isEqualTo(points.get(i).valueMillis());
            assertThat(distribution.path("x").get(i).asDouble())
                    .isCloseTo(
                            1 / (1 - points.get(i).percentile()),
                            org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
    }

    static JsonNode chart(String html, String id) throws Exception {
        Matcher data = Pattern.compile(
                        "<script type=\"application/json\" id=\"gale-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(data.find()).isTrue();
        for (JsonNode c : MAPPER.readTree(data.group(1)).path("charts")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no chart " + id);
    }

    @Test
    void hgrmSpectrumAgreesWithTheHistogram() {
        Map<String, String> rows = new HashMap<>();
        List<double[]> table = new ArrayList<>();
        String max = null;
        String count = null;
        for (String line : Spectrum.hgrm(merged).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("#[Max")) {
                max = f[2].replace(",", "");
                count = f[6].replace("]", "");
            } else if (f.length >= 3 && f[0].matches("[0-9.]+")) {
                rows.put(f[1], f[0]);
                table.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[0])});
            }
        }
        // The spectrum's rows fall exactly on 50%, 75% and 90%.
        assertThat(rows.get("0.500000000000")).isEqualTo(ms3(expected.p50()));
        assertThat(rows.get("0.750000000000")).isEqualTo(ms3(expected.p75()));
        assertThat(rows.get("0.900000000000")).isEqualTo(ms3(expected.p90()));
        // 99% and 99.9% lie between rows: the rows around them bracket the value.
        for (double[] q : new double[][] {{0.99, expected.p99()}, {0.999, expected.p999()}}) {
            double below = table.stream()
                    .filter(r -> r[0] <= q[0])
                    .mapToDouble(r -> r[1])
                    .max()
                    .orElseThrow();
            double above = table.stream()
                    .filter(r -> r[0] >= q[0])
                    .mapToDouble(r -> r[1])
                    .min()
                    .orElseThrow();
            assertThat(q[1]).isBetween(below, above);
        }
        assertThat(max).isEqualTo(ms3(expected.max()));
        assertThat(Long.parseLong(count)).isEqualTo(expected.count());
        assertThat(table.get(table.size() - 1)[0]).isEqualTo(1.0);
    }

    @Test
    void hlogIntervalsAddUpToTheMergedHistograms() throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HlogReport.write(result, bytes);
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(bytes.toByteArray()));
        Histogram response = Histograms.create();
        Histogram service = Histograms.create();
        Map<String, Histogram> tagged = new HashMap<>();
        EncodableHistogram h;
        int untagged = 0;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram interval = (Histogram) h;
            if (interval.getTag() == null) {
                response.add(interval);
                untagged++;
            } else if (interval.getTag().equals("service")) {
                service.add(interval);
            } else {
                tagged.computeIfAbsent(interval.getTag(), t -> Histograms.create())
                        .add(interval);
            }
        }
        assertThat(untagged).isEqualTo(result.timeline().size());
        assertThat(Latency.of(response)).isEqualTo(expected);
        assertThat(Latency.of(service)).isEqualTo(Latency.of(result.total().serviceTime()));
        for (int i = 0; i < result.requests().size(); i++) {
            List<RequestSpec> specs = result.plan().requests();
            assertThat(Latency.of(tagged.get(HlogReport.tag("response", specs, i))))
                    .isEqualTo(Latency.of(result.requests().get(i).responseTime()));
            assertThat(Latency.of(tagged.get(HlogReport.tag("service", specs, i))))
                    .isEqualTo(Latency.of(result.requests().get(i).serviceTime()));
        }
        assertThat(reader.getStartTimeSec()).isEqualTo(SampleResults.STARTED.toEpochMilli() / 1000.0);
    }

    @Test
    void hlogWarmupIntervalsAreTaggedSoTheUntaggedOnesAreTheMeasuredRun() throws java.io.IOException {
        // HistogramLogProcessor reads untagged histograms: with the warm-up among them it gave 3,444
        // requests and another p50 than the summary's 3,244.
        RunResult r = SampleResults.withWarmup();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HlogReport.write(r, bytes);
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(bytes.toByteArray()));
        Map<String, Histogram> byTag = new HashMap<>();
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            String tag = h.getTag() == null ? "" : h.getTag();
            byTag.computeIfAbsent(tag, t -> Histograms.create()).add((Histogram) h);
        }
        assertThat(r.warmupTotal().responses()).isPositive();
        assertThat(Latency.of(byTag.get(""))).isEqualTo(Latency.of(r.total().responseTime()));
        assertThat(Latency.of(byTag.get("service")))
                .isEqualTo(Latency.of(r.total().serviceTime()));
        assertThat(Latency.of(byTag.get("warmup")))
                .isEqualTo(Latency.of(r.warmupTotal().responseTime()));
        assertThat(Latency.of(byTag.get("warmup.service")))
                .isEqualTo(Latency.of(r.warmupTotal().serviceTime()));
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("#warm-up intervals: Tag=warmup and Tag=warmup.service");
    }

    @Test
    void csvRowsAgreeWithEachIntervalsHistogram() throws Exception {
        StringWriter csv = new StringWriter();
        CsvReport.write(result, csv);
        List<String> lines = csv.toString().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        int row = 1;
        long responses = 0;
        for (TimelinePoint p : result.timeline()) {
            for (int i = 0; i <= result.requests().size(); i++) {
                List<String> f = parseCsvLine(lines.get(row++));
                // The request rows in plan order, then the total row, read from the interval's merged histograms.
                boolean total = i == result.requests().size();
                Latency l = Latency.of(Histograms.decode(
                        total
                                ? p.responseTimeHistogram()
                                : p.requestHistograms().get(i).responseTime()));
                Latency service = Latency.of(Histograms.decode(
                        total
                                ? p.serviceTimeHistogram()
                                : p.requestHistograms().get(i).serviceTime()));
                assertThat(f.get(header.indexOf("p50_ms"))).isEqualTo(ms3(l.p50()));
                assertThat(f.get(header.indexOf("p90_ms"))).isEqualTo(ms3(l.p90()));
                assertThat(f.get(header.indexOf("p99_ms"))).isEqualTo(ms3(l.p99()));
                assertThat(f.get(header.indexOf("p99_9_ms"))).isEqualTo(ms3(l.p999()));
                assertThat(f.get(header.indexOf("max_ms"))).isEqualTo(ms3(l.max()));
                assertThat(f.get(header.indexOf("service_p99_ms"))).isEqualTo(ms3(service.p99()));
                assertThat(f.get(header.indexOf("request")))
                        .isEqualTo(
                                total
                                        ? CsvReport.TOTAL
                                        : result.plan().requests().get(i).name());
                responses += Long.parseLong(f.get(header.indexOf("responses")));
            }
        }
        assertThat(row).isEqualTo(lines.size());
        // Each response counted twice: in its request's row, and in the total row.
        assertThat(responses).isEqualTo(2 * result.total().responses());
    }

    /** RFC 4180 fields of one line. */
    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
