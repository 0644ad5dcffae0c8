package dev.gale.report;

import dev.gale.plan.Threshold;
import dev.gale.record.RunResult;
import dev.gale.record.ThresholdResult;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thresholds of a run as a JUnit XML report, one test case per threshold, so that CI systems (Jenkins,
 * GitLab, GitHub test reporters) show them natively. A failed threshold is a {@code <failure>} whose message
 * names the metric, the measured value and the limit; one not evaluated (the run stopped before anything was
 * measured) is {@code <skipped>}. The run's measured time is the suite's: every threshold is judged on the
 * whole run, so a test case takes no time of its own ({@code time="0"}), and tools that add cases up do not
 * count the run once per threshold. A threshold given twice with the same verdict (in the plan and again by
 * {@code --threshold}) is one test case; names that would still repeat get {@code " (2)"}, {@code " (3)"}. A
 * run stopped early (Ctrl-C, or an {@code ;abort} threshold) says so in the suite's properties ({@code
 * interrupted}) and its {@code <system-out>}.
 *
 * <pre>{@code
 * <testsuites name="gale" tests="2" failures="1" errors="0" skipped="0" time="30.000">
 *   <testsuite name="gale thresholds" tests="2" failures="1" errors="0" skipped="0" time="30.000" ...>
 *     <testcase classname="gale.thresholds" name="p99&lt;50ms" time="0">
 *       <failure message="p99 measured 62.10ms, limit &lt; 50ms" type="threshold">p99&lt;50ms: ...</failure>
 *     </testcase>
 * }</pre>
 */
public final class JunitReport {
    private JunitReport() {}

    /** The XML text. */
    public static String toXml(RunResult r) {
        List<ThresholdResult> cases = new ArrayList<>(new LinkedHashSet<>(r.thresholds()));
        long failures = cases.stream().filter(ThresholdResult::failed).count();
        long skipped = cases.stream().filter(ThresholdResult::skipped).count();
        int tests = cases.size();
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
        String stopped = stopped(r, cases);
        if (stopped != null) {
            b.append("    <properties>\n      <property name=\"interrupted\" value=\"true\"/>\n    </properties>\n");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (ThresholdResult t : cases) {
            int n = seen.merge(t.expression(), 1, Integer::sum);
            String name = n == 1 ? t.expression() : t.expression() + " (" + n + ")";
            b.append("    <testcase classname=\"gale.thresholds\" name=\"")
                    .append(HtmlPage.esc(name))
                    .append("\" time=\"0\"");
            if (t.skipped()) {
                b.append(">\n      <skipped message=\"")
                        .append(HtmlPage.esc(ThresholdResult.NOT_EVALUATED))
                        .append("\"/>\n    </testcase>\n");
            } else if (t.passed()) {
                b.append(">\n      <system-out>")
                        .append(HtmlPage.esc(measuredAgainstLimit(t)))
                        .append("</system-out>\n    </testcase>\n");
            } else {
                String message = measuredAgainstLimit(t) + (t.aborted() ? "; stopped the run" : "");
                b.append(">\n      <failure type=\"threshold\" message=\"")
                        .append(HtmlPage.esc(message))
                        .append("\">")
                        .append(HtmlPage.esc(t.expression() + ": " + message))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        if (stopped != null) {
            b.append("    <system-out>").append(HtmlPage.esc(stopped)).append("</system-out>\n");
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    /**
     * What the suite says of a run stopped early, or null for a run that ran its course: by which threshold, or
     * interrupted (Ctrl-C, a signal), and that the results cover the time until then.
     */
    private static String stopped(RunResult r, List<ThresholdResult> cases) {
        if (!r.interrupted()) {
            return null;
        }
        String by = cases.stream()
                .filter(ThresholdResult::aborted)
                .findFirst()
                .map(t -> "stopped early by threshold " + t.expression())
                .orElse("interrupted (Ctrl-C or a signal)");
        return "the run was " + by + " after " + String.format(Locale.ROOT, "%.3f", r.measuredSeconds())
                + "s of measured load: the results cover the time until then";
    }

    /**
     * {@code t}'s metric, its measured value and its limit: {@code p99 measured 6.08ms, limit < 5ms}, {@code
     * checkout:error_rate measured 2.00%, limit < 1%}; {@code measured 6.08ms} alone for an expression that is no
     * threshold gale reads (a result written by another version).
     */
    static String measuredAgainstLimit(ThresholdResult t) {
        String expression = t.expression();
        Threshold parsed;
        try {
            parsed = Threshold.parse(expression);
        } catch (IllegalArgumentException e) {
            return "measured " + t.measured();
        }
        // The comparison is the first after the request name, which may hold '<' or '=' but ends at the last ':'.
        int from = parsed.request() == null ? 0 : expression.lastIndexOf(':') + 1;
        String symbol = parsed.op().symbol();
        int at = expression.indexOf(symbol, from);
        if (at < 0) {
            return "measured " + t.measured();
        }
        return expression.substring(0, at).strip() + " measured " + t.measured() + ", limit " + symbol + " "
                + expression.substring(at + symbol.length()).strip();
    }
}
