package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gale.record.RunResult;
import dev.gale.record.TimelinePoint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the HTML reports in a real headless Chromium (Debian's {@code chromium} package): no console errors
 * or exceptions, every declared chart rendered, and the screenshot proves it: inside each chart's canvas,
 * every series' colour is drawn. Screenshots are kept in {@code target/chromium/} to look at.
 *
 * <p>Needs {@code /usr/bin/chromium}: {@code scripts/test.sh} installs it ({@code scripts/ensure-tools.sh
 * chromium}). Skipped only when told to: {@code -Dgale.it.chromium=skip}.
 */
class HtmlReportInChromiumIT {
    private static final Path OUT = Path.of("target", "chromium");
    private static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(
                "skip".equals(System.getProperty("gale.it.chromium")),
                "-Dgale.it.chromium=skip: HTML reports are not checked in a browser");
        Path binary = Chromium.find();
        if (binary == null) {
            fail("chromium is not installed. Install it with scripts/ensure-tools.sh chromium (as root: apt-get"
                    + " install chromium), or skip this test with -Dgale.it.chromium=skip");
        }
        Files.createDirectories(OUT);
        browser = new Chromium(binary);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theRunReportRendersEveryChartWithoutErrors() throws Exception {
        check("report", HtmlReport.render(SampleResults.typical()));
    }

    @Test
    void theWarmUpReportRendersEveryChartWithoutErrors() throws Exception {
        check("report-warmup", HtmlReport.render(SampleResults.withWarmup()));
    }

    @Test
    void theComparisonRendersBothDistributionsOnOneChart() throws Exception {
        check("compare", SampleResults.slowdown().html());
    }

    @Test
    void aSecondWithoutAResponseIsAGapInEveryLatencySeries() throws Exception {
        RunResult r = HandMadeResults.frozenTwice();
        open("report-frozen", HtmlReport.render(r));
        List<String> problems = new ArrayList<>();
        for (String series : List.of("p50", "p90", "p99", "p99.9", "max")) {
            problems.addAll(rowsDrawn(
                    "chart-latency",
                    series,
                    r.timeline(),
                    lastEnd(r),
                    p -> p.total().responseTime().count() > 0));
        }
        assertThat(problems).as("drawn in " + OUT.resolve("report-frozen.html")).isEmpty();
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    @Test
    void theShortLastRowOfAStoppedRunIsDrawnWithItsOwnValues() throws Exception {
        RunResult r = HandMadeResults.stoppedAfterAFreeze();
        open("report-stopped", HtmlReport.render(r));
        List<String> problems = new ArrayList<>();
        for (String series : List.of("p50", "max")) {
            problems.addAll(rowsDrawn(
                    "chart-latency",
                    series,
                    r.timeline(),
                    lastEnd(r),
                    p -> p.total().responseTime().count() > 0));
        }
        problems.addAll(rowsDrawn(
                "chart-throughput",
                "achieved",
                r.timeline(),
                lastEnd(r),
                p -> p.total().responses() > 0));
        assertThat(problems)
                .as("drawn in " + OUT.resolve("report-stopped.html"))
                .isEmpty();
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    @Test
    void theLegendReadsTheRowUnderTheCursorAndADashInAGap() throws Exception {
        RunResult r = HandMadeResults.stoppedAfterAFreeze();
        open("report-legend", HtmlReport.render(r));
        double end = lastEnd(r);
        assertThat(legendAt("chart-latency", 3.9, end)).isEqualTo("3.0s 10.01ms 20.02ms 40.03ms 80.06ms 160.13ms");
        assertThat(legendAt("chart-latency", 4.1, end)).isEqualTo("4.0s - - - - -");
        assertThat(legendAt("chart-latency", 4.99, end))
                .as("late in the row without a response, not the next row's figures")
                .isEqualTo("4.0s - - - - -");
        assertThat(legendAt("chart-latency", 5.3, end))
                .as("the short last row")
                .isEqualTo("5.0s 10.01ms 20.02ms 40.03ms 160.13ms 160.13ms");
        assertThat(legendAt("chart-throughput", 4.99, end)).isEqualTo("4.0s 0 1,000 0");
        assertThat(legendAt("chart-throughput", 5.3, end)).isEqualTo("5.0s 1,000 1,000 0");
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    /** The values of chart {@code id}'s legend with the mouse over {@code x} seconds of its {@code maxX}. */
    private static String legendAt(String id, double x, double maxX) throws Exception {
        return browser.evaluate("(() => { const root = document.getElementById('" + id + "');"
                        + " const over = root.querySelector('.u-over'); const o = over.getBoundingClientRect();"
                        + " over.dispatchEvent(new MouseEvent('mousemove', {bubbles: true,"
                        + " clientX: o.left + " + x / maxX + " * o.width, clientY: o.top + o.height / 2}));"
                        + " return Array.from(root.querySelectorAll('.u-legend .u-value'))"
                        + ".map(v => v.textContent).join(' '); })()")
                .asText();
    }

    @Test
    void aSecondWithoutAResponseIsAGapInTheComparisonsOverTimeToo() throws Exception {
        RunResult before = HandMadeResults.frozenTwice();
        // Rows that end 3 ms later than before's, as another run's would, so that the two series' points
        // interleave; and twice as slow, so that neither line covers the other.
        long[] ends = new long[before.timeline().size()];
        boolean[] answered = new boolean[ends.length];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = Math.round(before.timeline().get(i).endSeconds() * 1000) + 3;
            answered[i] = before.timeline().get(i).total().responses() > 0;
        }
        RunResult after = HandMadeResults.answeredIn(ends, answered, 2);
        open(
                "compare-frozen",
                Comparison.of(before, after, "before.json", "after.json", Comparison.DEFAULT_NOISE)
                        .html());
        double end = Math.max(lastEnd(before), lastEnd(after));
        List<String> problems = new ArrayList<>();
        problems.addAll(rowsDrawn(
                "chart-compare-p99",
                "before",
                before.timeline(),
                end,
                p -> p.total().responses() > 0));
        problems.addAll(rowsDrawn(
                "chart-compare-p99",
                "after",
                after.timeline(),
                end,
                p -> p.total().responses() > 0));
        assertThat(problems)
                .as("drawn in " + OUT.resolve("compare-frozen.html"))
                .isEmpty();
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    private static double lastEnd(RunResult r) {
        return r.timeline().get(r.timeline().size() - 1).endSeconds();
    }

    private static void open(String name, String html) throws Exception {
        Path file = OUT.resolve(name + ".html").toAbsolutePath();
        Files.writeString(file, html, StandardCharsets.UTF_8);
        browser.open(file);
        Files.write(OUT.resolve(name + ".png"), browser.screenshot(1280));
    }

    /**
     * Checks that series {@code label} of chart {@code id} (x from 0 to {@code maxX} seconds) is drawn over the
     * middle of each row of {@code rows} that {@code drawn} accepts, and nowhere over the middle of the others;
     * gives what is not so. Reads the chart's canvas pixels inside its plot area, column by column.
     */
    private static List<String> rowsDrawn(
            String id, String label, List<TimelinePoint> rows, double maxX, Predicate<TimelinePoint> drawn)
            throws Exception {
        JsonNode chart = null;
        for (JsonNode c : browser.evaluate("JSON.parse(document.getElementById('gale-data').textContent).charts")) {
            if (c.path("id").asText().equals(id)) {
                chart = c;
            }
        }
        assertThat(chart).as(id).isNotNull();
        String colour = null;
        for (JsonNode s : chart.path("series")) {
            if (s.path("label").asText().equals(label)) {
                colour = s.path("color").asText();
            }
        }
        assertThat(colour).as(id + " series " + label).isNotNull();
        JsonNode columns = browser.evaluate("(() => { const root = document.getElementById('" + id + "');"
                + " const canvas = root.querySelector('canvas'); const over = root.querySelector('.u-over');"
                + " const c = canvas.getBoundingClientRect(); const o = over.getBoundingClientRect();"
                + " const k = canvas.width / c.width;"
                + " const left = Math.round((o.left - c.left) * k); const top = Math.round((o.top - c.top) * k);"
                + " const w = Math.round(o.width * k); const h = Math.round(o.height * k);"
                + " const px = canvas.getContext('2d').getImageData(left, top, w, h).data;"
                + " const hex = '" + colour + "'; const r = parseInt(hex.slice(1, 3), 16);"
                + " const g = parseInt(hex.slice(3, 5), 16); const b = parseInt(hex.slice(5, 7), 16);"
                + " const out = [];"
                + " for (let x = 0; x < w; x++) { let n = 0;"
                + "   for (let y = 0; y < h; y++) { const i = (y * w + x) * 4;"
                + "     const d = (px[i] - r) ** 2 + (px[i + 1] - g) ** 2 + (px[i + 2] - b) ** 2;"
                + "     if (px[i + 3] >= 128 && d < 900) { n++; } }"
                + "   out.push(n); }"
                + " return out; })()");
        int width = columns.size();
        assertThat(width).as(id + " plot area width").isGreaterThan(300);
        List<String> problems = new ArrayList<>();
        for (TimelinePoint p : rows) {
            double from = p.startSeconds() + 0.2 * p.seconds();
            double to = p.endSeconds() - 0.2 * p.seconds();
            int pixels = 0;
            for (int x = (int) Math.ceil(from / maxX * width); x <= (int) Math.floor(to / maxX * width); x++) {
                pixels += x < width ? columns.get(x).asInt() : 0;
            }
            boolean expected = drawn.test(p);
            if (expected != pixels > 0) {
                problems.add(String.format(
                        Locale.ROOT,
                        "%s '%s' over %.3f-%.3f s: %d pixels of %s, expected %s",
                        id,
                        label,
                        p.startSeconds(),
                        p.endSeconds(),
                        pixels,
                        colour,
                        expected ? "some" : "none"));
            }
        }
        return problems;
    }

    private static void check(String name, String html) throws Exception {
        Path file = OUT.resolve(name + ".html").toAbsolutePath();
        Files.writeString(file, html, StandardCharsets.UTF_8);
        browser.open(file);

        JsonNode charts = browser.evaluate("JSON.parse(document.getElementById('gale-data').textContent).charts");
        assertThat(charts.size()).isGreaterThan(0);
        assertThat(browser.evaluate("document.body.dataset.chartsRendered").asText())
                .as("charts rendered")
                .isEqualTo(String.valueOf(charts.size()));

        byte[] png = browser.screenshot(1280);
        Files.write(OUT.resolve(name + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        List<String> problems = new ArrayList<>();
        for (JsonNode chart : charts) {
            String id = chart.path("id").asText();
            JsonNode box = browser.evaluate("(() => { const c = document.querySelector('#" + id + " canvas');"
                    + " if (!c) return null; const r = c.getBoundingClientRect();"
                    + " return {x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height}; })()");
            if (box.isNull() || box.isMissingNode()) {
                problems.add(id + ": no canvas");
                continue;
            }
            int x0 = box.path("x").asInt();
            int y0 = box.path("y").asInt();
            int w = box.path("w").asInt();
            int h = box.path("h").asInt();
            if (w < 100 || h < 100) {
                problems.add(id + ": canvas is " + w + "x" + h);
                continue;
            }
            JsonNode all = chart.path("series");
            for (int i = 0; i < all.size(); i++) {
                JsonNode series = all.get(i);
                if (hiddenBehindALaterSeries(all, i)) {
                    continue;
                }
                int pixels =
                        pixelsOfColour(image, x0, y0, w, h, series.path("color").asText());
                if (pixels < 20) {
                    problems.add(id + ": series '" + series.path("label").asText() + "' ("
                            + series.path("color").asText() + ") has " + pixels + " pixels in the screenshot");
                }
            }
        }
        assertThat(problems).as("charts drawn in " + OUT.resolve(name + ".png")).isEmpty();
        assertThat(browser.errors()).as("console errors").isEmpty();
    }

    /** True if a series drawn later has the very same points, and so covers this one. */
    private static boolean hiddenBehindALaterSeries(JsonNode series, int i) {
        for (int j = i + 1; j < series.size(); j++) {
            if (!series.get(j).path("dash").asBoolean()
                    && series.get(j).path("x").equals(series.get(i).path("x"))
                    && series.get(j).path("y").equals(series.get(i).path("y"))) {
                return true;
            }
        }
        return false;
    }

    /** Pixels within the box whose colour is close to {@code hex}. */
    private static int pixelsOfColour(BufferedImage image, int x0, int y0, int w, int h, String hex) {
        int target = Integer.parseInt(hex.substring(1), 16);
        int tr = (target >> 16) & 0xff;
        int tg = (target >> 8) & 0xff;
        int tb = target & 0xff;
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + h); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + w); x++) {
                int rgb = image.getRGB(x, y);
                int dr = ((rgb >> 16) & 0xff) - tr;
                int dg = ((rgb >> 8) & 0xff) - tg;
                int db = (rgb & 0xff) - tb;
                if (dr * dr + dg * dg + db * db < 30 * 30) {
                    n++;
                }
            }
        }
        return n;
    }
}
