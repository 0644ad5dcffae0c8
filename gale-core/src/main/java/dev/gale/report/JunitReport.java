package dev.gale.report;

import dev.gale.record.RunResult;
import dev.gale.record.ThresholdResult;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The thresholds of a run as a JUnit XML report, one test case per threshold, so that CI systems (Jenkins,
 * GitLab, GitHub test reporters) show them natively. A failed threshold is a {@code <failure>} whose message
 * holds the measured value; one not evaluated (the run stopped before anything was measured) is {@code
 * <skipped>}.
 *
 * <pre>{@code
 * <testsuites name="gale" tests="2" failures="1">
 *   <testsuite name="gale thresholds" tests="2" failures="1" errors="0" skipped="0" time="30.000" ...>
 *     <testcase classname="gale.thresholds" name="p99&lt;50ms" time="30.000">
 *       <failure message="measured 62.10ms" type="threshold">p99&lt;50ms: measured 62.10ms</failure>
 *     </testcase>
 * }</pre>
 */
public final class JunitReport {
    private JunitReport() {}

    /** The XML text. */
    public static String toXml(RunResult r) {
        long failures = r.thresholds().stream().filter(ThresholdResult::failed).count();
        long skipped = r.thresholds().stream().filter(ThresholdResult::skipped).count();
        int tests = r.thresholds().size();
        String time = String.format(Locale.ROOT, "%.3f", r.measuredSeconds());
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites name=\"gale\" tests=\"")
                .append(tests)
                .append("\" failures=\"")
                .append(failures)
                .append("\" errors=\"0\" skipped=\"")
                .append(skipped)
                .append("\" time=\"")
                .append(time)
                .append("\">\n");
        b.append("  <testsuite name=\"gale thresholds\" tests=\"")
                .append(tests)
                .append("\" failures=\"")
                .append(failures)
                .append("\" errors=\"0\" skipped=\"")
                .append(skipped)
                .append("\" time=\"")
                .append(time)
                .append("\" timestamp=\"")
                .append(DateTimeFormatter.ISO_INSTANT.format(r.startedAt().truncatedTo(ChronoUnit.SECONDS)))
                .append("\">\n");
        for (ThresholdResult t : r.thresholds()) {
            b.append("    <testcase classname=\"gale.thresholds\" name=\"")
                    .append(HtmlPage.esc(t.expression()))
                    .append("\" time=\"")
                    .append(time)
                    .append("\"");
            if (t.skipped()) {
                b.append(">\n      <skipped message=\"")
                        .append(HtmlPage.esc(ThresholdResult.NOT_EVALUATED))
                        .append("\"/>\n    </testcase>\n");
            } else if (t.passed()) {
                b.append(">\n      <system-out>")
                        .append(HtmlPage.esc("measured " + t.measured()))
                        .append("</system-out>\n    </testcase>\n");
            } else {
                String message = "measured " + t.measured() + (t.aborted() ? "; stopped the run" : "");
                b.append(">\n      <failure type=\"threshold\" message=\"")
                        .append(HtmlPage.esc(message))
                        .append("\">")
                        .append(HtmlPage.esc(t.expression() + ": " + message))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }
}
