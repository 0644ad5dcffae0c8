package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.check.ThresholdCheck;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.plan.Threshold;
import dev.gale.record.Collector;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.PoolLevels;
import dev.gale.record.RequestRecorder;
import dev.gale.record.RunResult;
import dev.gale.record.ThresholdResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The error rate is one number: errors over completed requests ({@code Stats.errorRate()}), whichever output
 * shows it. Checked on stats with requests still in flight, where errors over scheduled requests would read
 * lower: 100 scheduled, 72 answered 200, 8 answered an unexpected 503, 10 reset, 10 without an outcome yet.
 */
class ErrorRateAgreementTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String RATE = "20.00%"; // 18 errors of 90 completed, not 18 of 100 scheduled

    private final Collector collector = new Collector(1, 1);
    private final RunResult result = result();

    private RunResult result() {
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(1), 0, false)),
                1,
                List.of(Threshold.parse("error_rate<1%")));
        RequestRecorder r = collector.newLoopRecorders()[0];
        collector.newLoopGauges();
        for (int i = 0; i < 100; i++) {
            long intended = i * SECOND / 100;
            r.recordScheduled(intended, intended);
            if (i >= 90) {
                continue; // in flight
            }
            r.recordSent(20);
            if (i < 10) {
                r.recordFailure(ErrorKind.RESET, intended, intended, intended + 1_000_000, 0);
            } else {
                int status = i < 18 ? 503 : 200;
                r.recordResponse(status, status == 200, intended, intended, intended + 1_000_000, 100);
            }
        }
        collector.sample(0, SECOND, "main", false, OptionalDouble.empty(), null);
        RunResult run = SampleResults.copy(HandMadeResults.result(plan, collector, SECOND, SECOND))
                .interrupted(true)
                .build();
        return run.withThresholds(ThresholdCheck.evaluate(run, null));
    }

    @Test
    void theThresholdMeasuresErrorsOverCompletedRequests() {
        assertThat(result.total().errorRate()).isEqualTo(18 / 90.0);
        assertThat(result.thresholds()).extracting(ThresholdResult::measured).containsExactly(RATE);
    }

    @Test
    void theTextReportShowsTheThresholdsValue() {
        StringWriter out = new StringWriter();
        new TextReport(false).write(result, new PrintWriter(out));
        assertThat(out.toString())
                .contains("Errors        reset: 10, status: 8 (" + RATE + " of requests)")
                .contains("measured " + RATE);
    }

    @Test
    void theVerdictAndTheHtmlReportShowTheThresholdsValue() {
        assertThat(Verdict.of(result).notes()).anyMatch(n -> n.startsWith("18 errors (" + RATE + " of requests)"));
        String html = HtmlReport.render(result);
        assertThat(html).contains("<div class=\"k\">Errors</div><div class=\"v\">" + RATE + "</div>");
        RunResult read = JsonReport.fromJson(JsonReport.toJson(result), "r.json");
        assertThat(HtmlReport.render(read))
                .contains("<div class=\"k\">Errors</div><div class=\"v\">" + RATE + "</div>");
    }

    @Test
    void theComparisonAndTheLiveViewShowTheThresholdsValue() {
        Comparison c = Comparison.of(result, result, "a", "b", Comparison.DEFAULT_NOISE);
        assertThat(c.rows())
                .filteredOn(row -> row.metric().equals("error rate"))
                .extracting(Comparison.Row::before)
                .containsExactly(18 / 90.0);
        StringWriter out = new StringWriter();
        new LiveView(new PrintWriter(out), result.plan(), Duration.ofSeconds(1), false, true, 200)
                .onInterval(snapshotOf(result));
        assertThat(out.toString()).contains("18 (" + RATE + ")");
    }

    /** The run's one second as the live view receives it. */
    private static IntervalSnapshot snapshotOf(RunResult r) {
        return SampleResults.snapshot(
                0, 0, SECOND, "main", false, r.requests(), r.warmupRequests(), List.of(PoolLevels.ZERO));
    }
}
