package dev.gale.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.plan.Threshold;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import dev.gale.report.SampleResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ThresholdCheckTest {

    /** Stats of {@code n} responses at {@code millis} each, {@code errors} of them 500s. */
    static Stats stats(int n, double millis, int errors, int dropped) {
        Histogram h = Histograms.create();
        h.recordValueWithCount(Math.round(millis * 1000), n);
        return Stats.of(
                h,
                h,
                Histograms.create(),
                n + dropped,
                n,
                n,
                dropped,
                0,
                0,
                errors == 0 ? Map.of() : Map.of(ErrorKind.STATUS, (long) errors),
                errors == 0 ? Map.of(200, (long) n) : Map.of(200, (long) (n - errors), 500, (long) errors));
    }

    /** A one-second result of {@code p} with {@code perRequest} measured stats and nothing else. */
    static RunResult result(Plan p, List<Stats> perRequest) {
        return new RunResult(
                p,
                Instant.EPOCH,
                1_000_000_000L,
                1_000_000_000L,
                false,
                perRequest,
                List.of(new Stats(), new Stats()),
                List.of(),
                List.of(),
                new RunResult.Generator("test", 1, "nio", null, "21", 1));
    }

    static Plan plan(List<Threshold> thresholds) {
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        return new Plan(
                List.of(t),
                List.of(RequestSpec.get("home", "t", "/"), RequestSpec.get("buy", "t", "/b")),
                List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                1,
                thresholds);
    }

    @Test
    void measuresEachMetricOnMergedStats() {
        Plan p = plan(List.of());
        List<Stats> per = List.of(stats(90, 10, 0, 0), stats(10, 100, 5, 2));
        assertThat(ThresholdCheck.measure(
                        Threshold.parse("p50<1ms"), ThresholdCheck.select(Threshold.parse("p50<1ms"), p, per), 10))
                .isCloseTo(10, org.assertj.core.data.Offset.offset(0.01));
        assertThat(ThresholdCheck.measure(
                        Threshold.parse("p99<1ms"), ThresholdCheck.select(Threshold.parse("p99<1ms"), p, per), 10))
                .isCloseTo(100, org.assertj.core.data.Offset.offset(0.1));
        Threshold buyP50 = Threshold.parse("buy:p50<1ms");
        assertThat(ThresholdCheck.measure(buyP50, ThresholdCheck.select(buyP50, p, per), 10))
                .isCloseTo(100, org.assertj.core.data.Offset.offset(0.1));
        Threshold rate = Threshold.parse("error_rate<1%");
        assertThat(ThresholdCheck.measure(rate, ThresholdCheck.select(rate, p, per), 10))
                .isEqualTo(5.0 / 102);
        Threshold dropped = Threshold.parse("dropped==0");
        assertThat(ThresholdCheck.measure(dropped, ThresholdCheck.select(dropped, p, per), 10))
                .isEqualTo(2);
        Threshold rps = Threshold.parse("rps>1");
        assertThat(ThresholdCheck.measure(rps, ThresholdCheck.select(rps, p, per), 10))
                .isEqualTo(10);
    }

    /**
     * Second {@code i} of the run ({@code [i s, i+1 s)}), in phase {@code phase}: request {@code home} had
     * {@code s} (warm-up requests if the phase is a warm-up), {@code buy} nothing.
     */
    static IntervalSnapshot second(int i, String phase, boolean warmup, Stats s) {
        return SampleResults.snapshot(
                i,
                i * 1_000_000_000L,
                (i + 1) * 1_000_000_000L,
                phase,
                warmup,
                List.of(warmup ? new Stats() : s, new Stats()),
                List.of(warmup ? s : new Stats(), new Stats()),
                List.of());
    }

    /** Stats of {@code n} requests that all failed with {@code kind} before any response (no response time). */
    static Stats failedBeforeAnyResponse(int n, ErrorKind kind) {
        return Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                n,
                n,
                0,
                0,
                0,
                0,
                Map.of(kind, (long) n),
                Map.of());
    }

    @Test
    void aRunStoppedBeforeAnythingWasMeasuredLeavesEveryThresholdNotEvaluatedRatherThanFailed() {
        // Ctrl-C during the warm-up: no response time and 0/s, which would read as failures of the target.
        Plan p = plan(List.of(Threshold.parse("p99<50ms"), Threshold.parse("rps>50")));
        RunResult r = SampleResults.copy(result(p, List.of(new Stats(), new Stats())))
                .measuredNanos(0)
                .totalNanos(2_000_000_000L)
                .interrupted(true)
                .warmupRequests(List.of(stats(100, 1, 0, 0), new Stats()))
                .build();

        List<ThresholdResult> verdicts = ThresholdCheck.evaluate(r, null);

        assertThat(verdicts)
                .containsExactly(
                        new ThresholdResult("p99<50ms", "none", false, false, true),
                        new ThresholdResult("rps>50", "none", false, false, true));
        assertThat(ThresholdResult.NOT_EVALUATED)
                .isEqualTo("not evaluated: the run stopped before anything was measured");
    }

    @Test
    void aLatencyThresholdWithNoResponseTimeToJudgeFails() {
        // Every request reset by the server: no response time at all, so p99<50ms cannot have been met.
        Plan p = plan(List.of(
                Threshold.parse("p99<50ms"),
                Threshold.parse("max<1s"),
                Threshold.parse("mean<=10ms"),
                Threshold.parse("min<1ms"),
                Threshold.parse("p50!=5ms"),
                Threshold.parse("requests==0")));
        List<Stats> per = List.of(failedBeforeAnyResponse(50, ErrorKind.RESET), new Stats());
        RunResult r = result(p, per);

        List<ThresholdResult> verdicts = ThresholdCheck.evaluate(r, null);

        assertThat(verdicts.subList(0, 5)).allSatisfy(v -> {
            assertThat(v.passed()).as(v.expression()).isFalse();
            assertThat(v.measured()).isEqualTo(ThresholdCheck.NO_RESPONSE_TIME);
        });
        assertThat(verdicts.get(5).passed()).as("a count has a value: 0").isTrue();
    }

    @Test
    void aLatencyFromTimedOutRequestsIsALowerBoundThatPassesNoUpperLimit() {
        // A server that hangs: every request times out after the 3 s read timeout, recorded at its elapsed
        // time, which says only that each would have taken at least that long.
        Histogram h = Histograms.create();
        h.recordValueWithCount(3_010_000, 40);
        Stats timedOut =
                Stats.of(h, h, Histograms.create(), 40, 40, 0, 0, 0, 0, Map.of(ErrorKind.READ_TIMEOUT, 40L), Map.of());
        // A healthy run, with one timeout in its tail, far above its p99.
        Histogram g = Histograms.create();
        g.recordValueWithCount(2_000, 999);
        g.recordValue(3_005_000);
        Stats oneTimeout = Stats.of(
                g,
                g,
                Histograms.create(),
                1000,
                1000,
                999,
                0,
                0,
                0,
                Map.of(ErrorKind.READ_TIMEOUT, 1L),
                Map.of(200, 999L));
        Plan p = plan(List.of(
                Threshold.parse("home:p99<5s"),
                Threshold.parse("home:p50<=10s"),
                Threshold.parse("home:max<60s"),
                Threshold.parse("home:p99>1s"),
                Threshold.parse("buy:p99<50ms"),
                Threshold.parse("buy:max<60s")));
        RunResult r = result(p, List.of(timedOut, oneTimeout));

        List<ThresholdResult> verdicts = ThresholdCheck.evaluate(r, null);

        assertThat(verdicts.subList(0, 3)).allSatisfy(v -> {
            assertThat(v.passed()).as(v.expression()).isFalse();
            assertThat(v.measured()).as(v.expression()).startsWith(">=").endsWith(" (timed out: a lower bound)");
        });
        assertThat(verdicts.get(0).measured()).isEqualTo(">=3.011s (timed out: a lower bound)");
        assertThat(verdicts.get(3).passed())
                .as("a lower bound above a lower limit")
                .isTrue();
        assertThat(verdicts.get(4).passed()).as("the p99 is a response: 2 ms").isTrue();
        assertThat(verdicts.get(4).measured()).isEqualTo("2.00ms");
        assertThat(verdicts.get(5).passed())
                .as("the max is the timed-out request")
                .isFalse();
    }

    @Test
    void theWatchWaitsForAResponseTimeBeforeJudgingALatencyThreshold() {
        Plan p = plan(List.of(Threshold.parse("p99<50ms;abort")));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);
        // A first second with nothing answered yet (a slow server): no verdict, no stop.
        w.onInterval(second(0, "main", false, new Stats()));
        assertThat(stops).isEmpty();
        w.onInterval(second(1, "main", false, stats(10, 80, 0, 0)));
        assertThat(stops).singleElement().asString().startsWith("threshold p99<50ms failed (measured 80.");
    }

    @Test
    void theWatchStopsTheRunOnceTheGraceHasPassed() {
        Plan p = plan(List.of(Threshold.parse("p99<50ms;abort=2s"), Threshold.parse("dropped==0")));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);
        assertThat(w.active()).isTrue();
        for (int i = 0; i < 4; i++) {
            w.onInterval(second(i, "main", false, stats(100, 80, 0, 0)));
        }
        assertThat(stops).singleElement().asString().startsWith("threshold p99<50ms failed (measured 80.");
        assertThat(w.aborted().atSeconds()).isEqualTo(2.0);
    }

    /** {@code n} requests that timed out ({@code kind}) after {@code millis} each. */
    static Stats timedOut(int n, double millis, ErrorKind kind) {
        Histogram h = Histograms.create();
        h.recordValueWithCount(Math.round(millis * 1000), n);
        return Stats.of(h, h, Histograms.create(), n, n, 0, 0, 0, 0, Map.of(kind, (long) n), Map.of());
    }

    @Test
    void theWatchStopsARunWhoseLatencyIsALowerBoundAboveAnUpperLimit() {
        // Every request times out after 3 s: p99<5s cannot be shown to hold, so ;abort stops the run.
        Plan p = plan(List.of(Threshold.parse("p99<5s;abort=1s")));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);

        w.onInterval(second(0, "main", false, timedOut(20, 3_010, ErrorKind.READ_TIMEOUT)));

        assertThat(stops)
                .singleElement()
                .asString()
                .isEqualTo("threshold p99<5s failed (measured >=3.011s (timed out: a lower bound) after 1s)");
    }

    @Test
    void onlyTheTimeoutsThatOccurredBoundTheLatencyAndAMeanWithOneIsALowerBound() {
        // 95 responses at 2 s and 5 read timeouts: the p90 is a response's, though the connect timeout (1 s,
        // never met, and never recorded) is shorter than it.
        Stats mixed = stats(95, 2_000, 0, 0);
        mixed.add(timedOut(5, 3_010, ErrorKind.READ_TIMEOUT));
        Plan p = plan(List.of(Threshold.parse("home:p90<2500ms"), Threshold.parse("home:mean<10s")));
        RunResult r = result(p, List.of(mixed, new Stats()));

        List<ThresholdResult> verdicts = ThresholdCheck.evaluate(r, null);

        assertThat(verdicts.get(0).passed()).as(verdicts.get(0).measured()).isTrue();
        assertThat(verdicts.get(1).measured()).startsWith(">=").endsWith(ThresholdCheck.TIMED_OUT);
        assertThat(verdicts.get(1).passed()).isFalse();
    }

    @Test
    void warmupIntervalsDoNotCountTowardsTheGrace() {
        Plan p = plan(List.of(Threshold.parse("p99<50ms;abort=2s")));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);
        w.onInterval(second(0, "warm-up", true, stats(100, 80, 0, 0)));
        assertThat(stops).isEmpty();
        // Measured seconds as slow as the warm-up: the 2 s of grace start after the warm-up.
        for (int i = 1; i <= 2; i++) {
            assertThat(stops).as("after %d measured seconds", i - 1).isEmpty();
            w.onInterval(second(i, "main", false, stats(100, 80, 0, 0)));
        }
        assertThat(stops).singleElement().asString().startsWith("threshold p99<50ms failed (measured 80.");
        assertThat(w.aborted().atSeconds()).isEqualTo(2.0);
    }
}
