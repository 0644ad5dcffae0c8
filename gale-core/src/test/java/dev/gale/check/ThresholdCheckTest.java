package dev.gale.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
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
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        return planOf(Duration.ofSeconds(10), thresholds);
    }

    /** Two requests to one target at 10 req/s for {@code length}. */
    static Plan planOf(Duration length, List<Threshold> thresholds) {
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        return new Plan(
                List.of(t),
                List.of(RequestSpec.get("home", "t", "/"), RequestSpec.get("buy", "t", "/b")),
                List.of(new Phase("main", LoadModel.Open.constant(10), length, 0, false)),
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

        // Not stopped, yet nothing measured: judged (and failed), never skipped, so that CI cannot pass on it.
        RunResult notStopped = SampleResults.copy(r).interrupted(false).build();
        assertThat(ThresholdCheck.evaluate(notStopped, null)).allSatisfy(v -> {
            assertThat(v.skipped()).isFalse();
            assertThat(v.passed()).isFalse();
        });
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
        assertThat(verdicts.get(0).measured()).isEqualTo(">=3.01s (timed out: a lower bound)");
        assertThat(verdicts.get(3).passed())
                .as("a lower bound above a lower limit")
                .isTrue();
        assertThat(verdicts.get(4).passed()).as("the p99 is a response: 2 ms").isTrue();
        assertThat(verdicts.get(4).measured()).isEqualTo("2.00ms");
        assertThat(verdicts.get(5).passed())
                .as("the max is the timed-out request")
                .isFalse();
    }

    @ParameterizedTest(name = "{0} on {1} of {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # threshold       | value (us, errors or responses) | of | measured    | passed
            # A latency reads as the summary's table reads it, in the unit that fits, whatever the limit's unit:
            p50<1s            | 289      | 1      | 289.00us    | true
            p50>=0.0001s      | 289      | 1      | 289.00us    | true
            p99<1s            | 1249     | 1      | 1.25ms      | true
            bok:p99.9<1s      | 3920     | 1      | 3.92ms      | true
            p90<250us         | 123      | 1      | 123.00us    | true
            p50>=1ms          | 999      | 1      | 999.00us    | false
            max<2s            | 1234000  | 1      | 1.23s       | true
            # From a minute up in seconds (the table says 1.50m): no decimal of a minute can tell every value apart.
            max<90s           | 90000000 | 1      | 90.05s      | false
            # ... with more decimals where two would read as on or across the limit:
            p99<1.25ms        | 1249     | 1      | 1.249ms     | true
            p99>=1.25ms       | 1249     | 1      | 1.249ms     | false
            p99<=1.249ms      | 1249     | 1      | 1.249ms     | true
            p99>1.249ms       | 1249     | 1      | 1.249ms     | false
            p99==1.249ms      | 1249     | 1      | 1.249ms     | true
            p99!=1.25ms       | 1249     | 1      | 1.249ms     | true
            # ... and where two would read as on the limit, on the verdict's side of it or not: 1.00s is not 1.002s.
            p50<1s            | 1002000  | 1      | 1.002s      | false
            p50>=1s           | 1002000  | 1      | 1.002s      | true
            p99<1ms           | 1004     | 1      | 1.004ms     | false
            p99<=1ms          | 1004     | 1      | 1.004ms     | false
            p99>1ms           | 1004     | 1      | 1.004ms     | true
            p99<=1000us       | 1004     | 1      | 1.004ms     | false
            # An error rate in %, as the summary: errors of responses.
            error_rate<1%     | 25       | 10000  | 0.25%       | true
            error_rate<=1%    | 1        | 100    | 1.00%       | true
            error_rate==0     | 1        | 100000 | 0.001%      | false
            error_rate<0.001% | 1        | 100000 | 0.001%      | false
            error_rate<0.01%  | 1        | 100000 | 0.00%       | true
            error_rate<1%     | 1001     | 100000 | 1.001%      | false
            error_rate>=1%    | 1001     | 100000 | 1.001%      | true
            error_rate<=0.01  | 1001     | 100000 | 1.001%      | false
            # Complete responses per second of 100 s, with one decimal, or more.
            rps>10            | 1234     | 100    | 12.3/s      | true
            rps>1000          | 100001   | 100    | 1,000.01/s  | true
            rps>=1000         | 99999    | 100    | 999.99/s    | false
            rps<1000          | 100001   | 100    | 1,000.01/s  | false
            rps<=1000         | 100001   | 100    | 1,000.01/s  | false
            # Counts are whole, as the summary writes them.
            requests>=1000    | 12345    | 1      | 12,345      | true
            """)
    void showsTheMeasuredValueAsTheSummaryDoesWithTheDecimalsItsVerdictNeeds(
            String text, long value, long of, String measured, boolean passed) {
        Threshold t = Threshold.parse(text);
        Plan p = plan(List.of(t));
        Stats s = t.metric().latency()
                ? stats(1, value / 1000.0, 0, 0)
                : t.metric() == Threshold.Metric.ERROR_RATE
                        ? stats((int) of, 1, (int) value, 0)
                        : stats((int) value, 1, 0, 0);
        double seconds = t.metric() == Threshold.Metric.RPS ? of : 1;

        ThresholdResult v = ThresholdCheck.judge(t, s, p, seconds);

        assertThat(v.measured()).isEqualTo(measured);
        assertThat(v.passed()).isEqualTo(passed);
    }

    @Test
    void theMeasuredValueNeverReadsOnTheOtherSideOfTheLimitFromItsVerdict() {
        // Latencies as a histogram holds them (whole microseconds, three significant digits), rates and error
        // rates of any size, each against limits written a little above, at or below it, in every unit. Read
        // as a person reads it, in decimals, the value shown must compare with the limit as written the way
        // the verdict says.
        Random random = new Random(7);
        String[] ops = {"<", "<=", ">", ">=", "==", "!="};
        for (int i = 0; i < 10_000; i++) {
            String op = ops[random.nextInt(ops.length)];
            int kind = random.nextInt(3);
            Threshold t;
            Stats s;
            double seconds = 1;
            if (kind == 0) {
                long micros = 1 + (long) Math.pow(10, 8 * random.nextDouble());
                s = stats(1, micros / 1000.0, 0, 0);
                long limitMicros = s.responseTime().getMaxValue() + random.nextInt(5) - 2;
                String[] units = {"us", "ms", "s"};
                String unit = units[random.nextInt(units.length)];
                BigDecimal limit = BigDecimal.valueOf(limitMicros)
                        .scaleByPowerOfTen(unit.equals("us") ? 0 : unit.equals("ms") ? -3 : -6);
                t = Threshold.parse("max" + op + limit.toPlainString() + unit);
            } else if (kind == 1) {
                int of = 1 + random.nextInt(1_000_000);
                int errors = random.nextInt(Math.min(of, 1000) + 1);
                s = stats(of, 1, errors, 0);
                BigDecimal limit = BigDecimal.valueOf(errors + random.nextInt(3) - 1)
                        .max(BigDecimal.ZERO)
                        .divide(BigDecimal.valueOf(of), 12, RoundingMode.HALF_EVEN)
                        .scaleByPowerOfTen(2)
                        .stripTrailingZeros();
                t = Threshold.parse("error_rate" + op + limit.toPlainString() + "%");
            } else {
                int responses = 1 + random.nextInt(1_000_000);
                s = stats(responses, 1, 0, 0);
                seconds = 1 + random.nextInt(1000);
                BigDecimal limit = BigDecimal.valueOf(responses + random.nextInt(3) - 1)
                        .divide(BigDecimal.valueOf(seconds), 9, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros();
                t = Threshold.parse("rps" + op + limit.toPlainString());
            }

            ThresholdResult v = ThresholdCheck.judge(t, s, plan(List.of(t)), seconds);

            int order = read(v.measured()).compareTo(limitAsWritten(t));
            boolean reads = switch (op) {
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                case ">=" -> order >= 0;
                case "==" -> order == 0;
                default -> order != 0;
            };
            assertThat(reads)
                    .as("%s: %s measured %s", v.passed() ? "pass" : "FAIL", t.expression(), v.measured())
                    .isEqualTo(v.passed());
            // Nor on the limit, unless it is the limit exactly.
            if (order == 0) {
                assertThat(ThresholdCheck.measure(t, s, seconds))
                        .as("%s measured %s", t.expression(), v.measured())
                        .isEqualTo(t.limit());
            }
        }
    }

    /** A measured value as a reader takes it, in the canonical unit: 1.25ms is 1.25, 0.25% is 0.0025. */
    private static BigDecimal read(String measured) {
        String text = measured.replace(",", "");
        String[][] units = {{"us", "-3"}, {"ms", "0"}, {"/s", "0"}, {"s", "3"}, {"%", "-2"}};
        for (String[] u : units) {
            if (text.endsWith(u[0])) {
                return new BigDecimal(text.substring(0, text.length() - u[0].length()))
                        .scaleByPowerOfTen(Integer.parseInt(u[1]));
            }
        }
        return new BigDecimal(text);
    }

    /** The limit of {@code t} as its expression writes it, in the canonical unit. */
    private static BigDecimal limitAsWritten(Threshold t) {
        String expression = t.expression();
        String limit = expression.substring(
                expression.indexOf(t.op().symbol()) + t.op().symbol().length());
        return read(limit);
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

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # Three seconds of 100 responses (10 of them errors, 5 dropped) into a 10 s plan: 300 requests, 30
            # errors, 15 dropped so far. A count only grows: only an upper limit it has passed fails for good.
            requests>=800;abort | never
            requests>800;abort  | never
            requests!=300;abort | never
            requests!=500;abort | never
            requests==300;abort | never
            requests==250;abort | 3
            requests<=300;abort | never
            requests<250;abort  | 3
            requests<100;abort  | 1
            errors>=50;abort    | never
            errors<=15;abort    | 2
            errors==0;abort     | 1
            dropped>100;abort   | never
            dropped<=5;abort    | 2
            """)
    void theWatchStopsARunOnACountOnlyOnceItHasPassedAnUpperLimit(String threshold, String stopsAfter) {
        Plan p = plan(List.of(Threshold.parse(threshold)));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);
        for (int i = 0; i < 3 && w.aborted() == null; i++) {
            w.onInterval(second(i, "main", false, stats(100, 5, 10, 5)));
        }
        if (stopsAfter.equals("never")) {
            assertThat(stops).isEmpty();
            assertThat(w.active()).isEqualTo(Threshold.parse(threshold).abortsBeforeEnd());
        } else {
            assertThat(stops).hasSize(1);
            assertThat(w.aborted().atSeconds()).isEqualTo(Double.parseDouble(stopsAfter));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # Three seconds of 100 responses of 5 ms each. The max only rises and the min only falls: a limit
            # they may still reach by the end does not stop the run.
            max>=200ms;abort | never
            p100>=200ms;abort | never
            max>1s;abort     | never
            max<=4ms;abort   | 1
            max==6ms;abort   | never
            min<1ms;abort    | never
            min<=2ms;abort   | never
            min>=6ms;abort   | 1
            min==4ms;abort   | never
            min==6ms;abort   | 1
            p50>=200ms;abort | 1
            """)
    void theWatchStopsARunOnTheMaxOrTheMinOnlyOnceItCannotPass(String threshold, String stopsAfter) {
        Plan p = plan(List.of(Threshold.parse(threshold)));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);
        for (int i = 0; i < 3 && w.aborted() == null; i++) {
            w.onInterval(second(i, "main", false, stats(100, 5, 0, 0)));
        }
        if (stopsAfter.equals("never")) {
            assertThat(stops).isEmpty();
        } else {
            assertThat(stops).hasSize(1);
            assertThat(w.aborted().atSeconds()).isEqualTo(Double.parseDouble(stopsAfter));
        }
    }

    @Test
    void aLowerLimitOnACountThatTheWatchLeftIsJudgedAtTheEnd() {
        Threshold t = Threshold.parse("requests>=800;abort");
        assertThat(t.abortsBeforeEnd()).isFalse();
        Plan p = plan(List.of(t));
        RunResult r = result(p, List.of(stats(300, 5, 0, 0), new Stats()));

        assertThat(ThresholdCheck.evaluate(r, null)).singleElement().satisfies(v -> {
            assertThat(v.passed()).isFalse();
            assertThat(v.aborted()).isFalse();
            assertThat(v.measured()).isEqualTo("300");
        });
    }

    /** {@code n} requests that timed out ({@code kind}) after {@code millis} each. */
    static Stats timedOut(int n, double millis, ErrorKind kind) {
        Histogram h = Histograms.create();
        h.recordValueWithCount(Math.round(millis * 1000), n);
        return Stats.of(h, h, Histograms.create(), n, n, 0, 0, 0, 0, Map.of(kind, (long) n), Map.of());
    }

    @Test
    void theWatchDoesNotStopARunAtItsEndWhichJudgesEveryThresholdAnyway() {
        // A 3 s plan with a 3 s grace: the first check is the last interval's, at the plan's end; the run is over
        // then, and a failure there is a plain FAIL, not a run stopped early.
        Plan p = planOf(Duration.ofSeconds(3), List.of(Threshold.parse("p99<50ms;abort=3s")));
        List<String> stops = new ArrayList<>();
        ThresholdWatch w = new ThresholdWatch(p, stops::add);
        for (int i = 0; i < 4; i++) { // the fourth: answers after the end
            w.onInterval(second(i, "main", false, stats(100, 80, 0, 0)));
        }
        assertThat(stops).isEmpty();
        assertThat(w.aborted()).isNull();

        // With a 2 s grace the check at 2 s, before the end, stops it.
        ThresholdWatch earlier = new ThresholdWatch(
                planOf(Duration.ofSeconds(3), List.of(Threshold.parse("p99<50ms;abort=2s"))), stops::add);
        for (int i = 0; i < 3; i++) {
            earlier.onInterval(second(i, "main", false, stats(100, 80, 0, 0)));
        }
        assertThat(earlier.aborted().atSeconds()).isEqualTo(2.0);
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
                .isEqualTo("threshold p99<5s failed (measured >=3.01s (timed out: a lower bound) after 1s)");
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
    void theWatchKeepsTotalsOnlyOfTheRequestsAnAbortThresholdNames() {
        // A hundred request names: without an abort threshold nothing is kept, with one on a name only that name's
        // totals (and an empty Stats for the rest), where there were totals for all, 550 KiB of histograms each.
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        List<RequestSpec> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            names.add(RequestSpec.get("r" + i, "t", "/" + i));
        }
        List<Phase> phases = List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(10), 0, false));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<String> stops = new ArrayList<>();

        long before = threads.getCurrentThreadAllocatedBytes();
        ThresholdWatch none = new ThresholdWatch(new Plan(List.of(t), names, phases, 1, List.of()), stops::add);
        long unwatched = threads.getCurrentThreadAllocatedBytes() - before;
        Plan watched = new Plan(List.of(t), names, phases, 1, List.of(Threshold.parse("r7:p99<50ms;abort")));
        before = threads.getCurrentThreadAllocatedBytes();
        ThresholdWatch one = new ThresholdWatch(watched, stops::add);
        long oneName = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(none.active()).isFalse();
        assertThat(unwatched).isLessThan(Histograms.footprintBytes());
        assertThat(oneName).isLessThan(8 * Histograms.footprintBytes());
        // It judges the name it keeps: another name's slow seconds stop nothing, its own do.
        List<Stats> slowOther = new ArrayList<>();
        List<Stats> slowOwn = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            slowOther.add(i == 3 ? stats(100, 80, 0, 0) : stats(10, 1, 0, 0));
            slowOwn.add(i == 7 ? stats(100, 80, 0, 0) : stats(10, 1, 0, 0));
        }
        List<Stats> warm = Collections.nCopies(names.size(), new Stats());
        one.onInterval(SampleResults.snapshot(0, 0, 1_000_000_000L, "main", false, slowOther, warm, List.of()));
        assertThat(stops).isEmpty();
        one.onInterval(
                SampleResults.snapshot(1, 1_000_000_000L, 2_000_000_000L, "main", false, slowOwn, warm, List.of()));
        assertThat(stops).singleElement().asString().startsWith("threshold r7:p99<50ms failed (measured 80.");
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
