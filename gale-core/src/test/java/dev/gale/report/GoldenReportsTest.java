package dev.gale.report;

import dev.gale.record.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Reports of a fixed result against their golden files (see {@link Golden}). */
class GoldenReportsTest {
    private final RunResult result = SampleResults.typical();

    /** The page without the inlined chart library, which is checked in as it is. */
    private static String withoutLibrary(String html) {
        int start = html.indexOf("/* uPlot 1.6.32");
        int end = html.indexOf("</script>", start);
        return html.substring(0, start) + "/* uPlot 1.6.32 inlined here */\n" + html.substring(end);
    }

    @Test
    void htmlReport() {
        Golden.assertMatches("report.html", withoutLibrary(HtmlReport.render(result)));
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
        Comparison c = Comparison.of(
                SampleResults.build(false, 600, 1.0, 1),
                SampleResults.build(false, 600, 1.5, 2),
                "before.json",
                "after.json",
                Comparison.DEFAULT_NOISE);
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        Golden.assertMatches("compare.txt", text.toString());
    }
}
