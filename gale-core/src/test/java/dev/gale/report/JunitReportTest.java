package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class JunitReportTest {

    private static RunResult result(List<ThresholdResult> thresholds) {
        return result(false, thresholds);
    }

    private static RunResult result(boolean interrupted, List<ThresholdResult> thresholds) {
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(t),
                List.of(RequestSpec.get("GET /", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                1);
        return new RunResult(
                        plan,
                        Instant.parse("2026-01-02T03:04:05Z"),
                        2_000_000_000L,
                        2_100_000_000L,
                        interrupted,
                        List.of(new Stats()),
                        List.of(new Stats()),
                        List.of(),
                        List.of(),
                        new RunResult.Generator("v", 1, "nio", null, "25", 2))
                .withThresholds(thresholds);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestCasePerThresholdWithFailuresCarryingTheMeasuredValue() throws Exception {
        RunResult r = result(List.of(
                new ThresholdResult("p99<50ms", "12.00ms", true, false),
                new ThresholdResult("checkout:p99.9<\"200ms\"&", "250.00ms", false, true)));
        Document d = parse(JunitReport.toXml(r));
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(d.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        Element second = (Element) d.getElementsByTagName("testcase").item(1);
        assertThat(second.getAttribute("name")).isEqualTo("checkout:p99.9<\"200ms\"&");
        Element failure = (Element) second.getElementsByTagName("failure").item(0);
        // Not a threshold gale reads: the value alone.
        assertThat(failure.getAttribute("message")).isEqualTo("measured 250.00ms; stopped the run");
    }

    @Test
    void aFailureSaysTheMetricTheMeasuredValueAndTheLimit() throws Exception {
        RunResult r = result(List.of(
                new ThresholdResult("p99<5ms", "6.08ms", false, false),
                new ThresholdResult("checkout:error_rate <= 1%", "2.00%", false, false),
                new ThresholdResult("GET /a<b:p99.9<200ms", "250.00ms after 2s", false, true),
                new ThresholdResult("requests>=800", "303", false, false)));
        Document d = parse(JunitReport.toXml(r));

        assertThat(messages(d))
                .containsExactly(
                        "p99 measured 6.08ms, limit < 5ms",
                        "checkout:error_rate measured 2.00%, limit <= 1%",
                        "GET /a<b:p99.9 measured 250.00ms after 2s, limit < 200ms; stopped the run",
                        "requests measured 303, limit >= 800");
    }

    private static List<String> messages(Document d) {
        NodeList failures = d.getElementsByTagName("failure");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < failures.getLength(); i++) {
            out.add(((Element) failures.item(i)).getAttribute("message"));
        }
        return out;
    }

    @Test
    void theRunsTimeIsTheSuitesAloneSoThatCasesAddedUpDoNotCountItOncePerThreshold() throws Exception {
        RunResult r = result(List.of(
                new ThresholdResult("p99<50ms", "12.00ms", true, false),
                new ThresholdResult("p50<1ms", "6.00ms", false, false),
                new ThresholdResult("dropped==0", "0", true, false),
                new ThresholdResult("rps>1", "10.0/s", true, false)));
        Document d = parse(JunitReport.toXml(r));

        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("time")).isEqualTo("2.000");
        NodeList cases = d.getElementsByTagName("testcase");
        double sum = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            sum += Double.parseDouble(((Element) cases.item(i)).getAttribute("time"));
        }
        assertThat(sum).isZero();
    }

    @Test
    void aThresholdGivenTwiceIsOneCaseAndNamesNeverRepeat() throws Exception {
        // The plan's p99<50ms;abort stopped the run, and --threshold p99<50ms gave it again without ;abort: two
        // verdicts on one expression. dropped==0 in the plan and by the flag: the same verdict twice.
        RunResult r = result(
                true,
                List.of(
                        new ThresholdResult("p99<50ms", "62.00ms after 1s", false, true),
                        new ThresholdResult("dropped==0", "0", true, false),
                        new ThresholdResult("p99<50ms", "61.00ms", false, false),
                        new ThresholdResult("dropped==0", "0", true, false)));
        Document d = parse(JunitReport.toXml(r));

        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        NodeList cases = d.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        assertThat(names).containsExactly("p99<50ms", "dropped==0", "p99<50ms (2)");
    }

    @Test
    void aRunStoppedEarlySaysSoInTheSuite() throws Exception {
        Document ctrlC = parse(
                JunitReport.toXml(result(true, List.of(new ThresholdResult("p99<50ms", "12.00ms", true, false)))));
        assertThat(property(ctrlC, "interrupted")).isEqualTo("true");
        assertThat(suiteOut(ctrlC))
                .isEqualTo("the run was interrupted (Ctrl-C or a signal) after 2.000s of measured load: the results"
                        + " cover the time until then");

        Document aborted = parse(JunitReport.toXml(
                result(true, List.of(new ThresholdResult("p99<50ms", "62.00ms after 1s", false, true)))));
        assertThat(property(aborted, "interrupted")).isEqualTo("true");
        assertThat(suiteOut(aborted)).startsWith("the run was stopped early by threshold p99<50ms after 2.000s");

        Document whole = parse(
                JunitReport.toXml(result(false, List.of(new ThresholdResult("p99<50ms", "12.00ms", true, false)))));
        assertThat(whole.getElementsByTagName("properties").getLength()).isZero();
        assertThat(suiteOut(whole)).isNull();
    }

    /** The value of the suite's property {@code name}, or null. */
    private static String property(Document d, String name) {
        NodeList properties = d.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element p = (Element) properties.item(i);
            if (p.getAttribute("name").equals(name)) {
                return p.getAttribute("value");
            }
        }
        return null;
    }

    /** The text of the suite's own {@code <system-out>} (not a test case's), or null. */
    private static String suiteOut(Document d) {
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        for (Node n = suite.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("system-out")) {
                return e.getTextContent();
            }
        }
        return null;
    }

    @Test
    void aThresholdNotEvaluatedIsSkippedNotFailed() throws Exception {
        RunResult r = result(List.of(
                new ThresholdResult("p99<50ms", "none", false, false, true),
                new ThresholdResult("rps>50", "none", false, false, true)));
        Document d = parse(JunitReport.toXml(r));
        Element suites = (Element) d.getElementsByTagName("testsuites").item(0);
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertThat(suites.getAttribute("failures")).isEqualTo("0");
        assertThat(suites.getAttribute("skipped")).isEqualTo("2");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertThat(d.getElementsByTagName("failure").getLength()).isZero();
        Element first = (Element) d.getElementsByTagName("testcase").item(0);
        Element skipped = (Element) first.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message"))
                .isEqualTo("not evaluated: the run stopped before anything was measured");
    }

    @Test
    void charactersXmlCannotHoldAreLeftOut() throws Exception {
        RunResult r = result(List.of(new ThresholdResult("checkout\u0001:p99<50ms", "12.00ms\u001b", false, false)));
        Document d = parse(JunitReport.toXml(r));
        Element test = (Element) d.getElementsByTagName("testcase").item(0);
        assertThat(test.getAttribute("name")).isEqualTo("checkout:p99<50ms");
        Element failure = (Element) test.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("checkout:p99 measured 12.00ms, limit < 50ms");
    }
}
