package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reports of a fixed result against their golden files (see {@link Golden}). */
class GoldenReportsTest {
    private final RunResult result = SampleResults.typical();

    /** The files {@link HtmlPage} inlines into every page, as they are in {@code dev/gale/report/}. */
    private static final List<String> BUNDLED =
            List.of("uPlot.min.css", "report.css", "uPlot.iife.min.js", "report.js");

    /**
     * The page with each bundled file replaced by a line naming it, after checking that it is inlined whole,
     * exactly once: the golden file holds gale's own output, and editing a bundled file does not change it.
     */
    private static String withBundledFilesNamed(String html) throws IOException {
        String page = html;
        for (String name : BUNDLED) {
            String content;
            try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
                assertThat(in).as("dev/gale/report/%s on the class path", name).isNotNull();
                content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(content).as(name).isNotBlank();
            int at = page.indexOf(content);
            assertThat(at).as("%s inlined whole", name).isNotNegative();
            assertThat(page.indexOf(content, at + 1))
                    .as("%s inlined once", name)
                    .isNegative();
            page = page.substring(0, at) + "/* " + name + " */" + page.substring(at + content.length());
        }
        return page;
    }

    @Test
    void htmlReport() throws IOException {
        Golden.assertMatches("report.html", withBundledFilesNamed(HtmlReport.render(result)));
    }

    @Test
    void csvTimeline() throws Exception {
        StringWriter csv = new StringWriter();
        CsvReport.write(result, csv);
        Golden.assertMatches("timeline.csv", csv.toString());
    }

    @Test
    void hgrmSpectrum() {
        Golden.assertMatches("response-time.hgrm", Spectrum.hgrm(result.total().responseTime()));
    }

    @Test
    void comparisonText() {
        Comparison c = SampleResults.slowdown();
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        Golden.assertMatches("compare.txt", text.toString());
    }
}
