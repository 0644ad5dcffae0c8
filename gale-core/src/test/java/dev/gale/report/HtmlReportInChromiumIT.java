package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
