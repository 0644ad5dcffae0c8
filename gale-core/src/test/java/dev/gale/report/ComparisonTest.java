package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.RequestRecorder;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.report.Comparison.Judgement;
import dev.gale.report.Comparison.Row;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static Row row(Comparison c, String group, String metric) {
        return c.rows().stream()
                .filter(r -> r.group().equals(group) && r.metric().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRunComparedWithItselfChangesNothing() {
        RunResult r = SampleResults.typical();
        Comparison c = Comparison.of(r, r, "a.json", "a.json", Comparison.DEFAULT_NOISE);
        assertThat(c.count(Judgement.WORSE)).isZero();
        assertThat(c.count(Judgement.BETTER)).isZero();
        assertThat(c.regressed()).isFalse();
    }

    @Test
    void aRunWithoutResponsesHasNoPercentilesToCompare() {
        RunResult none = HandMadeResults.noResponses();
        RunResult some = HandMadeResults.simple();
        for (Comparison c : List.of(
                Comparison.of(none, some, "none.json", "some.json", Comparison.DEFAULT_NOISE),
                Comparison.of(some, none, "some.json", "none.json", Comparison.DEFAULT_NOISE),
                Comparison.of(none, none, "none.json", "none.json", Comparison.DEFAULT_NOISE))) {
            for (String group : List.of("Response time", "Service time")) {
                for (String metric : List.of("p50", "p99.99", "max")) {
                    Row r = row(c, group, metric);
                    assertThat(r.judgement()).as("%s %s", group, metric).isEqualTo(Judgement.NOT_JUDGED);
                    assertThat(r.change()).as("%s %s", group, metric).isEqualTo("-");
                }
            }
            StringWriter text = new StringWriter();
            c.writeText(new PrintWriter(text));
            assertThat(text.toString())
                    .doesNotContain("0.00us")
                    .doesNotContain("NaN")
                    .contains("(no sample: not judged)");
            assertThat(c.html()).doesNotContain("0.00us").doesNotContain("NaN");
        }
        Comparison c = Comparison.of(none, some, "none.json", "some.json", Comparison.DEFAULT_NOISE);
        Row p50 = row(c, "Response time", "p50");
        assertThat(p50.show(p50.before())).isEqualTo("-");
        assertThat(p50.show(p50.after())).isEqualTo(Units.millis(p50.after()));
    }

    @Test
    void aRunThatMeasuredNoRequestHasNoThroughputToCompare() {
        // A run stopped in its warm-up measured nothing: its achieved rate of 0 is no measurement, and compared
        // with a normal run, throughput read "new better" (and "-100.0% worse" the other way round).
        RunResult nothing = stoppedInWarmup();
        RunResult some = HandMadeResults.simple();
        assertThat(nothing.total().scheduled()).isZero();
        for (Comparison c : List.of(
                Comparison.of(nothing, some, "nothing.json", "some.json", Comparison.DEFAULT_NOISE),
                Comparison.of(some, nothing, "some.json", "nothing.json", Comparison.DEFAULT_NOISE),
                Comparison.of(nothing, nothing, "nothing.json", "nothing.json", Comparison.DEFAULT_NOISE))) {
            assertThat(row(c, "Throughput", "achieved req/s").judgement()).isEqualTo(Judgement.NOT_JUDGED);
            assertThat(c.count(Judgement.WORSE) + c.count(Judgement.BETTER)).isZero();
        }
        Comparison c = Comparison.of(nothing, some, "nothing.json", "some.json", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Throughput", "achieved req/s").reason()).isEqualTo("the before run measured no request");
        assertThat(row(c, "Errors", "error rate").reason()).isEqualTo("the before run completed no request");
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString())
                .containsPattern(
                        "(?m)^    achieved req/s .* new  \\(the before run measured no request: not judged\\)$");
        assertThat(c.html()).contains("the before run measured no request: not judged");
        assertThat(row(
                                Comparison.of(some, nothing, "some.json", "nothing.json", Comparison.DEFAULT_NOISE),
                                "Throughput",
                                "achieved req/s")
                        .reason())
                .isEqualTo("the after run measured no request");
        assertThat(row(
                                Comparison.of(
                                        nothing, nothing, "nothing.json", "nothing.json", Comparison.DEFAULT_NOISE),
                                "Throughput",
                                "achieved req/s")
                        .reason())
                .isEqualTo("neither run measured a request");
    }

    /** Two seconds of a 5 s warm-up at 100 req/s, every request answered, then stopped: nothing measured. */
    private static RunResult stoppedInWarmup() {
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", "t", "/")),
                List.of(
                        new Phase("warm-up", LoadModel.Open.constant(100), Duration.ofSeconds(5), 0, true),
                        new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(10), 0, false)),
                2);
        Collector collector = new Collector(1, 1);
        RequestRecorder recorder =
                collector.newLoopRecorders()[1]; // a loop's warm-up recorder follows its measured ones
        long second = 1_000_000_000L;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 100; j++) {
                long intended = i * second + j * 10_000_000L;
                recorder.recordScheduled(intended, intended);
                recorder.recordSent(100);
                recorder.recordResponse(200, true, intended, intended, intended + 1_000_000, 100);
            }
            collector.sample(i * second, (i + 1) * second, "warm-up", true, OptionalDouble.of(100), new double[] {1.0});
        }
        return SampleResults.copy(HandMadeResults.result(plan, collector, 0, 2 * second))
                .interrupted(true)
                .build();
    }

    @Test
    void aRunOfFewerThanTwoWholeSecondsHasNoThroughputToJudge() {
        // Two 1 s runs of the same server, 8,393 and 7,833 req/s: with one second each there is no spread of
        // per-second rates to tell noise by, and the 5% noise floor alone flagged "-6.7% worse" (and exit 1 with
        // --fail-on-regression), or "+7.1% better" the other way round.
        RunResult one = closed(1, 8_393);
        RunResult other = closed(1, 7_833);
        for (Comparison c : List.of(
                Comparison.of(one, other, "a.json", "b.json", Comparison.DEFAULT_NOISE),
                Comparison.of(other, one, "b.json", "a.json", Comparison.DEFAULT_NOISE))) {
            Row achieved = row(c, "Throughput", "achieved req/s");
            assertThat(achieved.judgement()).isEqualTo(Judgement.NOT_JUDGED);
            assertThat(achieved.reason())
                    .isEqualTo("too short for a spread of per-second rates in whole measured seconds: each run has 1 s"
                            + " of the 2 s it needs");
            assertThat(c.regressed()).isFalse();
        }
        Comparison c = Comparison.of(closed(6, 8_000), closed(1, 7_000), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Throughput", "achieved req/s").reason())
                .isEqualTo("too short for a spread of per-second rates in whole measured seconds: the after run has 1 s"
                        + " of the 2 s it needs");
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString())
                .containsPattern("(?m)^    achieved req/s .*  \\(too short for a spread of per-second rates in whole"
                        + " measured seconds: the after run has 1 s of the 2 s it needs: not judged\\)$");
        // A run without a full second (400 requests in half a second) has none.
        assertThat(row(
                                Comparison.of(
                                        closed(500, new int[] {400}),
                                        closed(500, new int[] {400}),
                                        "a.json",
                                        "b.json",
                                        Comparison.DEFAULT_NOISE),
                                "Throughput",
                                "achieved req/s")
                        .reason())
                .endsWith("each run has 0 s of the 2 s it needs");
    }

    @Test
    void twoSecondsOfRatesAreJudgedByStudentsTNotTheNormal() {
        // Rates of 1,000 and 1,060 req/s against 1,150 and 1,190: 140 req/s apart, 3.9 standard errors, which
        // z = 2.576 flagged "better"; but a standard deviation of two values is mostly chance, and with the one
        // degree of freedom Welch's test has here 99% takes 63.7 of them.
        Comparison c = Comparison.of(
                closed(1000, new int[] {1_000, 1_060}),
                closed(1000, new int[] {1_150, 1_190}),
                "a.json",
                "b.json",
                Comparison.DEFAULT_NOISE);
        Row achieved = row(c, "Throughput", "achieved req/s");
        assertThat(achieved.after() / achieved.before()).isGreaterThan(1.1);
        assertThat(achieved.reason()).isEmpty();
        assertThat(achieved.judgement()).isEqualTo(Judgement.SAME);
    }

    @Test
    void theThroughputTestFlagsOnePercentOfChangesThatAreNoiseAloneHoweverFewTheSeconds() {
        // Pairs of runs whose per-second rates are drawn alike: a test at 99% flags at most 1% of them. z = 2.576
        // on the standard deviation of 2 or 3 rates flagged 12% and 6%.
        Random random = new Random(11);
        int draws = 20_000;
        for (int seconds : new int[] {2, 3, 5, 30}) {
            int flagged = 0;
            int flaggedByZ = 0;
            for (int i = 0; i < draws; i++) {
                double[] b = new double[seconds];
                double[] a = new double[seconds];
                for (int k = 0; k < seconds; k++) {
                    b[k] = 1000 + 50 * random.nextGaussian();
                    a[k] = 1000 + 50 * random.nextGaussian();
                }
                double difference = Arrays.stream(a).average().orElseThrow()
                        - Arrays.stream(b).average().orElseThrow();
                flagged += Comparison.beyondSamplingNoise(b, a, difference) ? 1 : 0;
                double se = Math.sqrt(sampleVariance(b) / seconds + sampleVariance(a) / seconds);
                flaggedByZ += Math.abs(difference) > Comparison.Z * se ? 1 : 0;
            }
            assertThat((double) flagged / draws).as("%d s", seconds).isLessThan(0.012);
            if (seconds == 30) {
                assertThat((double) flagged / draws).as("%d s", seconds).isGreaterThan(0.007);
            }
            if (seconds <= 3) {
                assertThat((double) flaggedByZ / draws).as("z, %d s", seconds).isGreaterThan(0.04);
            }
        }
    }

    private static double sampleVariance(double[] xs) {
        double mean = Arrays.stream(xs).average().orElseThrow();
        return Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / (xs.length - 1);
    }

    @Test
    void aRequestNameThatGotSlowerIsWorseWhereTheTotalsHideIt() {
        // 'fast' and 'slow' at 199 to 1; 'slow' went from 5 ms to 50 ms. The totals' percentiles are fast's up to
        // the p99, and their p99.9 has too few batches: compared by totals alone, "0 worse".
        RunResult before = fastAndSlow(1, 5);
        RunResult after = fastAndSlow(2, 50);
        Comparison c = Comparison.of(before, after, "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(c.rows())
                .filteredOn(r -> r.request().isEmpty())
                .filteredOn(r -> r.judgement() == Judgement.WORSE || r.judgement() == Judgement.BETTER)
                .isEmpty();
        Row slowP50 = c.rows().stream()
                .filter(r -> r.request().equals("slow")
                        && r.group().equals("Response time")
                        && r.metric().equals("p50"))
                .findFirst()
                .orElseThrow();
        assertThat(slowP50.after() / slowP50.before()).isBetween(8.0, 12.0);
        assertThat(slowP50.judgement()).isEqualTo(Judgement.WORSE);
        assertThat(c.regressed()).isTrue();
        assertThat(c.rows())
                .filteredOn(r -> r.request().equals("fast"))
                .filteredOn(r -> r.judgement() == Judgement.WORSE || r.judgement() == Judgement.BETTER)
                .isEmpty();
        // Each name has the totals' rows but the offered rate, which is the plan's.
        assertThat(c.rows())
                .filteredOn(r -> r.request().equals("slow"))
                .hasSize((int) c.rows().stream()
                                .filter(r -> r.request().isEmpty())
                                .count()
                        - 1);
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString())
                .contains("\n\n  fast: Throughput\n    achieved req/s ")
                .contains("\n  slow: Response time\n    p50 ")
                .containsPattern("(?m)^    p50 .* worse$");
        assertThat(text.toString().lines().filter(l -> l.matches("^    \\S.*")).count())
                .isEqualTo(c.rows().size());
        assertThat(c.html()).contains("slow: Response time");

        // Runs of other names, or of one name, compare their totals alone.
        RunResult renamed = SampleResults.copy(after)
                .plan(new Plan(
                        after.plan().targets(),
                        after.plan().requests().stream()
                                .map(r -> new RequestSpec(
                                        r.name() + "2",
                                        r.target(),
                                        r.method(),
                                        r.path(),
                                        r.headers(),
                                        r.body(),
                                        r.expectedStatus(),
                                        r.weight(),
                                        r.priority()))
                                .toList(),
                        after.plan().phases(),
                        after.plan().threads()))
                .build();
        assertThat(Comparison.of(before, renamed, "a.json", "b.json", Comparison.DEFAULT_NOISE)
                        .rows())
                .allSatisfy(r -> assertThat(r.request()).isEmpty());
        RunResult one = HandMadeResults.simple();
        assertThat(Comparison.of(one, one, "a.json", "b.json", Comparison.DEFAULT_NOISE)
                        .rows())
                .allSatisfy(r -> assertThat(r.request()).isEmpty());
    }

    /**
     * Ten seconds at 2,000 req/s of two request names, {@code fast} (5 ms) and {@code slow} ({@code slowMillis}),
     * 199 to 1, each time spread log-normally by 10%.
     */
    private static RunResult fastAndSlow(long seed, long slowMillis) {
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(
                        new RequestSpec("fast", "t", "GET", "/", List.of(), null, StatusSet.SUCCESS, 199, 0),
                        new RequestSpec("slow", "t", "GET", "/slow", List.of(), null, StatusSet.SUCCESS, 1, 0)),
                List.of(new Phase("main", LoadModel.Open.constant(2_000), Duration.ofSeconds(10), 0, false)),
                2);
        Collector collector = new Collector(2, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        Random random = new Random(seed);
        long second = 1_000_000_000L;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 2_000; j++) {
                long intended = i * second + j * (second / 2_000);
                boolean slow = j % 200 == 199;
                long service = Math.round((slow ? slowMillis : 5) * 1e6 * Math.exp(0.1 * random.nextGaussian()));
                RequestRecorder r = loop[slow ? 1 : 0];
                r.recordScheduled(intended, intended);
                r.recordSent(100);
                r.recordResponse(200, true, intended, intended, intended + service, 100);
            }
            collector.sample(i * second, (i + 1) * second, "main", false, OptionalDouble.of(2_000), new double[] {
                199 / 200.0, 1 / 200.0
            });
        }
        return HandMadeResults.result(plan, collector, 10 * second, 10 * second);
    }

    @Test
    void moreDroppedRequestsAreShownAndFlaggedWorse() {
        // gale compare printed no dropped figure: a run that dropped 2,940 of 3,000 requests compared as "better".
        RunResult few = HandMadeResults.simple(); // 10 of 10,000 dropped
        RunResult many = withDropped(few, 2_000);
        Comparison c = Comparison.of(few, many, "few.json", "many.json", Comparison.DEFAULT_NOISE);
        Row dropped = row(c, "Errors", "dropped");
        assertThat(dropped.before()).isEqualTo(10.0 / 10_000);
        assertThat(dropped.after()).isEqualTo(2_010.0 / 12_000);
        assertThat(dropped.judgement()).isEqualTo(Judgement.WORSE);
        assertThat(c.regressed()).isTrue();
        assertThat(row(Comparison.of(many, few, "many.json", "few.json", Comparison.DEFAULT_NOISE), "Errors", "dropped")
                        .judgement())
                .isEqualTo(Judgement.BETTER);
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString()).contains("dropped");
        assertThat(c.html()).contains("dropped");
    }

    @Test
    void aRampThatLostAFifthOfItsThroughputIsWorseNotWithinTheNoiseOfItsOwnRise() {
        // A ramp from 100 to 1,000 req/s: its per-second rates spread over hundreds of req/s by plan, and a
        // run answering 80% of them instead of 99% (445 against 550 req/s) compared as "within noise".
        RunResult good = ramp(0.99, 1);
        RunResult bad = ramp(0.80, 2);
        assertThat(bad.achievedRate() / good.achievedRate()).isBetween(0.78, 0.83);

        Row achieved = row(
                Comparison.of(good, bad, "good.json", "bad.json", Comparison.DEFAULT_NOISE),
                "Throughput",
                "achieved req/s");
        assertThat(achieved.judgement()).isEqualTo(Judgement.WORSE);
        assertThat(row(
                                Comparison.of(good, ramp(0.99, 3), "good.json", "again.json", Comparison.DEFAULT_NOISE),
                                "Throughput",
                                "achieved req/s")
                        .judgement())
                .as("the same ramp run again")
                .isEqualTo(Judgement.SAME);
    }

    /**
     * Ten seconds of a ramp from 100 to 1,000 req/s, each arrival answered with probability {@code answered}
     * and otherwise timed out.
     */
    private static RunResult ramp(double answered, long seed) {
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", "t", "/")),
                List.of(new Phase(
                        "ramp",
                        new LoadModel.Open(100, 1000, LoadModel.Arrivals.UNIFORM, 0, 0),
                        Duration.ofSeconds(10),
                        0,
                        false)),
                2);
        Collector collector = new Collector(1, 1);
        RequestRecorder recorder = collector.newLoopRecorders()[0];
        Random random = new Random(seed);
        long second = 1_000_000_000L;
        for (int i = 0; i < 10; i++) {
            double offered = 100 + 90 * (i + 0.5); // the rate's integral over the second
            long n = Math.round(offered);
            for (long j = 0; j < n; j++) {
                long intended = i * second + j * second / n;
                recorder.recordScheduled(intended, intended);
                recorder.recordSent(100);
                if (random.nextDouble() < answered) {
                    recorder.recordResponse(200, true, intended, intended, intended + 1_000_000, 100);
                } else {
                    recorder.recordFailure(ErrorKind.READ_TIMEOUT, intended, intended, intended + 3 * second, 0);
                }
            }
            collector.sample(
                    i * second, (i + 1) * second, "ramp", false, OptionalDouble.of(offered), new double[] {1.0});
        }
        return HandMadeResults.result(plan, collector, 10 * second, 10 * second);
    }

    /** {@code r} with {@code n} more requests scheduled and dropped. */
    private static RunResult withDropped(RunResult r, long n) {
        Histogram none = Histograms.create();
        Stats drops = Stats.of(none, none, none, n, 0, 0, n, 0, 0, Map.of(), Map.of());
        return SampleResults.copy(r)
                .requests(List.of(r.requests().get(0).copy().add(drops)))
                .build();
    }

    @Test
    void cancelledRequestsDoNotHideAWorseErrorRate() {
        // The error rate leaves cancelled requests out; compare's test of it did not, and 1% -> 2% of the requests
        // with an outcome read "within noise" beside 90,000 cancelled ones.
        RunResult before = withErrors(HandMadeResults.simple(), ErrorKind.STATUS, 100);
        RunResult after = withErrors(withErrors(before, ErrorKind.STATUS, 200), ErrorKind.CANCELLED, 90_000);
        Comparison c = Comparison.of(before, after, "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Errors", "error rate").judgement()).isEqualTo(Judgement.WORSE);
    }

    /** {@code r} with {@code n} more requests scheduled and ended with {@code kind}. */
    private static RunResult withErrors(RunResult r, ErrorKind kind, long n) {
        Histogram none = Histograms.create();
        long responses = kind == ErrorKind.STATUS ? n : 0;
        Stats more = Stats.of(
                none, none, none, n, n, responses, 0, 0, 0, Map.of(kind, n), responses > 0 ? Map.of(500, n) : Map.of());
        return SampleResults.copy(r)
                .requests(List.of(r.requests().get(0).copy().add(more)))
                .build();
    }

    @Test
    void runsOfDifferentLoadsSaySoAboveTheirChanges() {
        // Two unrelated runs (100 req/s against 1,750) compared without a word: throughput "+1047% within noise".
        RunResult slow = SampleResults.build(false, 600, 1.0, 1);
        RunResult fast = SampleResults.build(false, 1200, 1.0, 2);
        Comparison c = Comparison.of(slow, fast, "slow.json", "fast.json", Comparison.DEFAULT_NOISE);
        assertThat(c.caveats())
                .containsExactly("the runs had different loads (before: open model, 600 req/s, 10s; after: open"
                        + " model, 1,200 req/s, 10s): the changes below compare loads, not builds");
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString()).contains("  note: the runs had different loads (before: open model, 600 req/s");
        assertThat(c.html()).contains("Note: the runs had different loads");

        Comparison same = Comparison.of(
                slow, SampleResults.build(false, 600, 1.5, 2), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(same.caveats()).isEmpty();
        StringWriter sameText = new StringWriter();
        same.writeText(new PrintWriter(sameText));
        assertThat(sameText.toString()).doesNotContain("note:");
    }

    @Test
    void aPoissonSeedIsNoDifferenceButAnotherPhaseOrTargetIs() {
        // Each Poisson run draws its own seed: two runs of one plan were told they had different loads, while
        // plans differing in a later phase or a second target's URL were not.
        RunResult r = SampleResults.withWarmup();
        Plan p = r.plan();
        Plan seeded =
                withPhases(p, p.phases().stream().map(ph -> poisson(ph, 1)).toList());
        Plan reseeded =
                withPhases(p, p.phases().stream().map(ph -> poisson(ph, 2)).toList());
        assertThat(caveats(r, seeded, reseeded)).isEmpty();

        List<Phase> faster = new ArrayList<>(p.phases());
        Phase last = faster.removeLast();
        faster.add(new Phase(last.name(), LoadModel.Open.constant(1234), last.duration(), 0, false));
        assertThat(caveats(r, p, withPhases(p, faster)))
                .singleElement()
                .asString()
                .startsWith("the runs had different loads (before: open model, 600 req/s, 8s; after: open model,"
                        + " 1,234 req/s, 8s)");

        Target t = p.targets().get(0);
        Plan elsewhere = new Plan(
                List.of(new Target(t.name(), t.scheme(), t.host(), t.port() + 1, t.connections())),
                p.requests(),
                p.phases(),
                p.threads());
        assertThat(caveats(r, p, elsewhere))
                .singleElement()
                .asString()
                .startsWith("the runs loaded different targets (before: ");
    }

    private static Phase poisson(Phase ph, long seed) {
        LoadModel.Open o = (LoadModel.Open) ph.load();
        return new Phase(
                ph.name(),
                new LoadModel.Open(o.startRatePerSecond(), o.endRatePerSecond(), LoadModel.Arrivals.POISSON, seed, 0),
                ph.duration(),
                ph.maxRequests(),
                ph.warmup());
    }

    private static Plan withPhases(Plan p, List<Phase> phases) {
        return new Plan(p.targets(), p.requests(), phases, p.threads());
    }

    /** The caveats of comparing {@code r} run with plan {@code before} against it run with {@code after}. */
    private static List<String> caveats(RunResult r, Plan before, Plan after) {
        return Comparison.of(
                        SampleResults.copy(r).plan(before).build(),
                        SampleResults.copy(r).plan(after).build(),
                        "a",
                        "b",
                        Comparison.DEFAULT_NOISE)
                .caveats();
    }

    @Test
    void twoRunsOfAServerThatSwingsFromSecondToSecondAreWithinNoiseOnEveryPercentile() {
        // Latencies within a run are correlated in time: a neighbour's CPU burst or a GC moves thousands of
        // consecutive samples at once. Two runs of the same server compared "8 worse" then "9 better", as if
        // each of their 12,000 samples had been drawn on its own.
        Comparison c = Comparison.of(swinging(1, 1.0), swinging(2, 1.0), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        List<String> percentiles = List.of("p50", "p75", "p90", "p99", "p99.9", "p99.99");
        assertThat(judgements(c, percentiles))
                .allSatisfy((row, judgement) -> assertThat(judgement).as(row).isEqualTo(Judgement.SAME));
    }

    @Test
    void aServerHalfAsSlowAgainIsWorseDespiteItsSecondToSecondSwings() {
        Comparison c = Comparison.of(swinging(1, 1.0), swinging(2, 1.5), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        List<String> percentiles = List.of("p50", "p75", "p90", "p99", "p99.9");
        for (String group : List.of("Response time", "Service time")) {
            for (String metric : percentiles) {
                Row r = row(c, group, metric);
                assertThat(r.after() / r.before()).as("%s %s", group, metric).isBetween(1.3, 1.7);
            }
        }
        assertThat(judgements(c, percentiles))
                .allSatisfy((row, judgement) -> assertThat(judgement).as(row).isEqualTo(Judgement.WORSE));
    }

    @Test
    void aStallOfOneSecondIsNoRegressionOfTheTailItRaises() {
        // One second of twenty with 30% of its requests stalled makes 1.5% of the run: its p99 and p99.9 are the
        // stall's, fifty to a hundred times the other run's. Once in a run is what a GC pause or a neighbour
        // does, not a build: the stalled second is one batch of twenty, however slow.
        Comparison c =
                Comparison.of(swinging(1, 1.0), swinging(2, 1.0, 7), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        Row p99 = row(c, "Service time", "p99");
        assertThat(p99.after() / p99.before()).isGreaterThan(50);
        assertThat(judgements(c, List.of("p50", "p75", "p90", "p99", "p99.9", "p99.99")))
                .allSatisfy((row, judgement) -> assertThat(judgement).as(row).isEqualTo(Judgement.SAME));
    }

    @Test
    void aPercentileWithFewerThanFiveBatchesInEitherRunIsNotJudgedAndSaysWhy() {
        // 600 req/s for 10 s: five batches of two seconds hold the p99's 1,000 samples, none the p99.9's 10,000.
        Comparison c = Comparison.of(
                SampleResults.build(false, 600, 1.0, 1),
                SampleResults.build(false, 600, 1.0, 2),
                "a.json",
                "b.json",
                Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Service time", "p99").judgement()).isEqualTo(Judgement.SAME);
        assertThat(row(c, "Service time", "p99").reason()).isEmpty();
        Row p999 = row(c, "Service time", "p99.9");
        assertThat(p999.judgement()).isEqualTo(Judgement.NOT_JUDGED);
        // 600 service times a second: a batch of 10,000 takes 17 s, five take 85.
        assertThat(p999.reason())
                .isEqualTo("too short for 5 batches of 10,000 samples in whole measured seconds: each run has 10 s"
                        + " of the 85 s it needs at its 600 samples/s");
        assertThat(row(c, "Response time", "p99.99").reason())
                .isEqualTo("too short for 5 batches of 100,000 samples in whole measured seconds: each run has 10 s"
                        + " of the 835 s it needs at its 600 samples/s");
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString())
                .containsPattern("(?m)^    p99\\.9 .*  \\(too short for 5 batches of 10,000 samples in whole measured"
                        + " seconds: each run has 10 s of the 85 s it needs at its 600 samples/s: not judged\\)$");
        assertThat(c.html()).contains("each run has 10 s of the 85 s it needs at its 600 samples/s: not judged");
    }

    @Test
    void aRunOfTooFewSecondsSaysHowManySecondsEachRunNeedsHoweverManySamplesItHas() {
        // 90,000 and 40,000 samples: far more than five batches of the p50's 20, but a batch is whole seconds,
        // and the runs have 3 and 1 of them. Only a longer run helps; for the p99.99, whose batch of 100,000
        // samples takes several seconds, a faster one too.
        Comparison c =
                Comparison.of(closed(3, 30_000), closed(1, 40_000), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        for (String metric : List.of("p50", "p75", "p90", "p99", "p99.9")) {
            Row r = row(c, "Response time", metric);
            assertThat(r.judgement()).as(metric).isEqualTo(Judgement.NOT_JUDGED);
            assertThat(r.reason())
                    .as(metric)
                    .endsWith(" samples in whole measured seconds: the before run has 3 s of the 5 s it needs; the"
                            + " after run has 1 s of the 5 s it needs");
        }
        assertThat(row(c, "Service time", "p50").reason())
                .isEqualTo("too short for 5 batches of 20 samples in whole measured seconds: the before run has 3 s of"
                        + " the 5 s it needs; the after run has 1 s of the 5 s it needs");
        // 100,000 samples take 4 s at 30,000 a second, 3 s at 40,000.
        assertThat(row(c, "Service time", "p99.99").reason())
                .isEqualTo("too short for 5 batches of 100,000 samples in whole measured seconds: the before run has 3"
                        + " s of the 20 s it needs at its 30,000 samples/s; the after run has 1 s of the 15 s it needs"
                        + " at its 40,000 samples/s");
    }

    @Test
    void onlyTheRunThatIsTooShortIsNamed() {
        Comparison c =
                Comparison.of(closed(6, 30_000), closed(2, 30_000), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Response time", "p50").reason())
                .isEqualTo("too short for 5 batches of 20 samples in whole measured seconds: the after run has 2 s of"
                        + " the 5 s it needs");
        assertThat(row(c, "Response time", "p99.99").reason())
                .isEqualTo("too short for 5 batches of 100,000 samples in whole measured seconds: the before run has 6"
                        + " s of the 20 s it needs at its 30,000 samples/s; the after run has 2 s of the 20 s it needs"
                        + " at its 30,000 samples/s");
    }

    @Test
    void aRunWithoutAFullSecondHasNoneOfTheSecondsItNeeds() {
        Comparison c = Comparison.of(
                closed(6, 30_000), closed(500, new int[] {20_000}), "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Response time", "p50").reason())
                .isEqualTo("too short for 5 batches of 20 samples in whole measured seconds: the after run has 0 s of"
                        + " the 5 s it needs");
    }

    @Test
    void aRunWithTheSecondsItsPaceNeedsButTooFewBatchesSaysHowManyItMade() {
        // 1,000 samples a second on average, as the p99's batches need, but unevenly: 1,500, 500 + 1,500,
        // 500 + 1,000 make three batches of five seconds.
        Comparison c = Comparison.of(
                closed(6, 30_000),
                closed(1000, new int[] {1_500, 500, 1_500, 500, 1_000}),
                "a.json",
                "b.json",
                Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Response time", "p99").reason())
                .isEqualTo("too short for 5 batches of 1,000 samples in whole measured seconds: the after run has 5 s,"
                        + " which make 3 batches of the 5 it needs, since some of its seconds held fewer than 1,000"
                        + " samples; a longer run makes more");
    }

    @Test
    void aStallOfGaleDoesNotCostARunOneOfItsSeconds() {
        // Two runs of 6 s read "the before run has 6 s ...; the after run has 5 s": gale stalled in the after run,
        // its sampler ran late (an interval of 1.18 s) and caught up at the next whole second (0.82 s), which was
        // then no full second. Those two intervals are two seconds of the run.
        RunResult steady = closed(6, 1_000);
        RunResult stalled =
                closed(new long[] {1000, 1000, 1180, 820, 1000, 1000}, new int[] {1000, 1000, 1180, 820, 1000, 1000});
        Comparison c = Comparison.of(steady, stalled, "a.json", "b.json", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Response time", "p99.9").reason())
                .isEqualTo("too short for 5 batches of 10,000 samples in whole measured seconds: each run has 6 s of"
                        + " the 50 s it needs at its 1,000 samples/s");
        assertThat(Comparison.perSecond(stalled)).hasSize(6);
        // The run's last interval, cut short by its end, is still no second.
        RunResult cut =
                closed(new long[] {1000, 1000, 1000, 1000, 1000, 300}, new int[] {1000, 1000, 1000, 1000, 1000, 300});
        assertThat(row(
                                Comparison.of(steady, cut, "a.json", "b.json", Comparison.DEFAULT_NOISE),
                                "Response time",
                                "p99.9")
                        .reason())
                .endsWith("the after run has 5 s of the 50 s it needs at its 1,000 samples/s");
        assertThat(Comparison.perSecond(cut)).hasSize(5);
        // Nor is one of 0.85 s after a second of its usual length: 1.85 s together, but no stall made up for it.
        RunResult nearlyCut =
                closed(new long[] {1000, 1000, 1000, 1000, 1001, 850}, new int[] {1000, 1000, 1000, 1000, 1000, 850});
        assertThat(Comparison.perSecond(nearlyCut)).hasSize(5);
    }

    /** {@link #closed(long, int[])} of {@code seconds} seconds of {@code perSecond} responses each. */
    private static RunResult closed(int seconds, int perSecond) {
        int[] counts = new int[seconds];
        Arrays.fill(counts, perSecond);
        return closed(1000, counts);
    }

    /**
     * A closed-model run of intervals of {@code intervalMillis} each, with {@code counts[i]} responses in the
     * i-th, 1 to 2 ms apiece: as many samples as a fast target gives, in few seconds.
     */
    private static RunResult closed(long intervalMillis, int[] counts) {
        long[] lengths = new long[counts.length];
        Arrays.fill(lengths, intervalMillis);
        return closed(lengths, counts);
    }

    /**
     * A closed-model run of intervals of {@code intervalMillis[i]} each, with {@code counts[i]} responses in the
     * i-th, 1 to 2 ms apiece.
     */
    private static RunResult closed(long[] intervalMillis, int[] counts) {
        long end = 0;
        long[] starts = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            starts[i] = end;
            end += intervalMillis[i] * 1_000_000L;
        }
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", "t", "/")),
                List.of(new Phase("main", LoadModel.Closed.connections(16), Duration.ofNanos(end), 0, false)),
                2);
        Collector collector = new Collector(1, 1);
        RequestRecorder recorder = collector.newLoopRecorders()[0];
        for (int i = 0; i < counts.length; i++) {
            long interval = intervalMillis[i] * 1_000_000L;
            for (int j = 0; j < counts[i]; j++) {
                long intended = starts[i] + j * (interval / counts[i]);
                recorder.recordScheduled(intended, intended);
                recorder.recordSent(100);
                recorder.recordResponse(200, true, intended, intended, intended + 1_000_000 + j % 1000 * 1000, 100);
            }
            collector.sample(
                    starts[i], starts[i] + interval, "main", false, OptionalDouble.empty(), new double[] {1.0});
        }
        return HandMadeResults.result(plan, collector, end, end);
    }

    /**
     * Each of {@code metrics} in both latency groups, as {@code Response time p50 (1.02 -> 1.10)} mapped to its
     * judgement: a failed assertion then lists every row.
     */
    private static Map<String, Judgement> judgements(Comparison c, List<String> metrics) {
        Map<String, Judgement> out = new LinkedHashMap<>();
        for (String group : List.of("Response time", "Service time")) {
            for (String metric : metrics) {
                Row r = row(c, group, metric);
                out.put(
                        String.format(Locale.ROOT, "%s %s (%.3f -> %.3f)", group, metric, r.before(), r.after()),
                        r.judgement());
            }
        }
        return out;
    }

    /**
     * Twenty seconds at 25,000 req/s of a server whose median service time swings from second to second: each
     * second's median is drawn at random (log-normal, a spread of 25% around 1 ms), and within the second
     * service times spread log-normally (30%) around it; all times are scaled by {@code factor}.
     */
    private static RunResult swinging(long seed, double factor) {
        return swinging(seed, factor, -1);
    }

    /**
     * {@link #swinging(long, double)}, with a stall in second {@code stall} (none if negative): 30% of its
     * requests wait 200 to 400 ms more.
     */
    private static RunResult swinging(long seed, double factor, int stall) {
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(25_000), Duration.ofSeconds(20), 0, false)),
                2);
        Collector collector = new Collector(1, 1);
        RequestRecorder recorder = collector.newLoopRecorders()[0];
        Random random = new Random(seed);
        long second = 1_000_000_000L;
        int perSecond = 25_000;
        for (int i = 0; i < 20; i++) {
            double medianNanos = 1_000_000 * factor * Math.exp(0.25 * random.nextGaussian());
            for (int j = 0; j < perSecond; j++) {
                long intended = i * second + j * (second / perSecond);
                long sent = intended + 20_000 + random.nextInt(60_000);
                long service = Math.round(medianNanos * Math.exp(0.3 * random.nextGaussian()));
                if (i == stall && random.nextDouble() < 0.3) {
                    service += 200_000_000 + random.nextInt(200_000_000);
                }
                recorder.recordScheduled(intended, sent);
                recorder.recordSent(100);
                recorder.recordResponse(200, true, intended, sent, sent + service, 100);
            }
            collector.sample(
                    i * second, (i + 1) * second, "main", false, OptionalDouble.of(perSecond), new double[] {1.0});
        }
        return HandMadeResults.result(plan, collector, 20 * second, 20 * second);
    }

    @Test
    void twoRunsThatDifferOnlyByNoiseAreNotFlagged() {
        Comparison c = Comparison.of(
                SampleResults.build(false, 600, 1.0, 1),
                SampleResults.build(false, 600, 1.0, 2),
                "a",
                "b",
                Comparison.DEFAULT_NOISE);
        assertThat(c.rows())
                .filteredOn(r -> r.judgement() == Judgement.WORSE || r.judgement() == Judgement.BETTER)
                .isEmpty();
    }

    @Test
    void slowerServiceTimesAreFlaggedWorseAndFasterBetter() {
        RunResult before = SampleResults.build(false, 600, 1.0, 1);
        RunResult slower = SampleResults.build(false, 600, 1.5, 2);
        Comparison c = Comparison.of(before, slower, "before", "after", Comparison.DEFAULT_NOISE);
        assertThat(row(c, "Response time", "p50").judgement()).isEqualTo(Judgement.WORSE);
        assertThat(row(c, "Service time", "p90").judgement()).isEqualTo(Judgement.WORSE);
        assertThat(row(c, "Response time", "max").judgement()).isEqualTo(Judgement.NOT_JUDGED);
        assertThat(c.regressed()).isTrue();
        Comparison back = Comparison.of(slower, before, "before", "after", Comparison.DEFAULT_NOISE);
        assertThat(row(back, "Response time", "p50").judgement()).isEqualTo(Judgement.BETTER);
    }

    @Test
    void aChangeBelowTheNoiseFloorIsNotFlaggedHoweverManySamples() {
        RunResult before = SampleResults.build(false, 3000, 1.0, 1);
        RunResult after = SampleResults.build(false, 3000, 1.04, 1);
        Comparison strict = Comparison.of(before, after, "a", "b", 0.0);
        Comparison normal = Comparison.of(before, after, "a", "b", Comparison.DEFAULT_NOISE);
        assertThat(row(strict, "Service time", "p50").judgement()).isEqualTo(Judgement.WORSE);
        assertThat(row(normal, "Service time", "p50").judgement()).isEqualTo(Judgement.SAME);
    }

    @Test
    void aTailPercentileOfFewSamplesIsNotJudgedByTheMaxAlone() {
        // Two runs of 900 requests alike but for their two slowest: their p99.9 and p99.99 are read at the
        // max, and no rank in a sample of 900 bounds them from above, so nothing can be said of a change.
        Histogram before = Histograms.create();
        Histogram after = Histograms.create();
        Random random = new Random(5);
        for (int i = 0; i < 898; i++) {
            long v = 1000 + random.nextInt(2000);
            before.recordValue(v);
            after.recordValue(v);
        }
        before.recordValue(3_100);
        before.recordValue(6_860);
        after.recordValue(15_000);
        after.recordValue(16_580);
        Comparison c =
                Comparison.of(SampleResults.typical(), SampleResults.typical(), "a", "b", Comparison.DEFAULT_NOISE);

        for (double q : new double[] {0.999, 0.9999}) {
            double vb = before.getValueAtPercentile(100 * q) / 1000.0;
            double va = after.getValueAtPercentile(100 * q) / 1000.0;
            assertThat(va).as("p%s is the max", 100 * q).isEqualTo(after.getMaxValue() / 1000.0);
            assertThat(c.judgePercentile(before, after, q, vb, va)).isEqualTo(Judgement.SAME);
        }
    }

    @Test
    void aTailPercentileOfFewSamplesHasAWideInterval() {
        Histogram few = Histograms.create();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            few.recordValue(1000 + random.nextInt(9000));
        }
        double[] p9999 = Comparison.interval(few, 0.9999);
        // Rank n*q + z*sd lies beyond the largest of the 200 values: nothing bounds the true p99.99 from above.
        assertThat(p9999[1]).isEqualTo(Double.POSITIVE_INFINITY);
        double[] p50 = Comparison.interval(few, 0.5);
        assertThat(p50[0]).isLessThan(few.getValueAtPercentile(50) / 1000.0);
        assertThat(p50[1]).isGreaterThan(few.getValueAtPercentile(50) / 1000.0);
    }

    @Test
    void textAndHtmlShowEveryRow() {
        Comparison c = SampleResults.slowdown();
        StringWriter text = new StringWriter();
        c.writeText(new PrintWriter(text));
        assertThat(text.toString())
                .contains(
                        "before.json",
                        "after.json",
                        "achieved req/s",
                        "error rate",
                        "p99.99",
                        "worse",
                        "(one value: not judged)");
        assertThat(text.toString().lines().filter(l -> l.matches("^    \\S.*")).count())
                .isEqualTo(c.rows().size());
        String html = c.html();
        assertThat(html)
                .contains(
                        "id=\"chart-compare-distribution\"",
                        "id=\"chart-compare-throughput\"",
                        "id=\"chart-compare-p99\"",
                        "WORSE");
        assertThat(html.split("<td class=\"worse\">").length - 1).isEqualTo((int) c.count(Judgement.WORSE));
    }
}
