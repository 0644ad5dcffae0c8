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
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JunitReportTest {

    private static RunResult result(List<ThresholdResult> thresholds) {
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
                        false,
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
        assertThat(failure.getAttribute("message")).isEqualTo("measured 250.00ms; stopped the run");
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
        assertThat(failure.getAttribute("message")).isEqualTo("measured 12.00ms");
    }
}
