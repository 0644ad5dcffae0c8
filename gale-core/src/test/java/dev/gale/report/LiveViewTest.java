package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.schedule.OfferedLoad;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveViewTest {
    private final Plan plan = SampleResults.typical().plan();
    /** The arrivals {@link #plan} has due in each of its seconds. */
    private static final double DUE_PER_SECOND = 600;

    /**
     * One second of {@link #plan}, its {@value #DUE_PER_SECOND} arrivals due (offered), in which {@code scheduled}
     * requests were issued and answered, with the given schedule lag.
     */
    private static IntervalSnapshot second(int index, int scheduled, long lagMicros, long queued, int errors) {
        Histogram rt = Histograms.create();
        Histogram st = Histograms.create();
        Histogram lag = Histograms.create();
        for (int i = 0; i < scheduled; i++) {
            rt.recordValue(1000 + i % 1000 + lagMicros);
            st.recordValue(1000 + i % 1000);
            lag.recordValue(lagMicros);
        }
        Stats s = Stats.of(
                rt,
                st,
                lag,
                scheduled,
                scheduled,
                scheduled,
                0,
                0,
                0,
                errors == 0 ? Map.of() : Map.of(ErrorKind.STATUS, (long) errors),
                Map.of(200, (long) scheduled));
        long second = 1_000_000_000L;
        return new IntervalSnapshot(
                index,
                index * second,
                (index + 1) * second,
                "main",
                false,
                List.of(s, new Stats(), new Stats()),
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(new PoolLevels(32, 0, 7, queued, 32, 0, 0), PoolLevels.ZERO),
                DUE_PER_SECOND,
                List.of(DUE_PER_SECOND, 0.0, 0.0),
                0,
                List.of());
    }

    /** {@code s} in a closed-model phase: as the run counts it, the load offered is the requests issued. */
    private static IntervalSnapshot closed(IntervalSnapshot s) {
        return SampleResults.snapshot(
                s.index(),
                s.startNanos(),
                s.endNanos(),
                s.phase(),
                s.warmup(),
                s.requests(),
                s.warmupRequests(),
                s.targets());
    }

    @Test
    void plainLinesShowRateLatencyErrorsAndLevels() {
        StringWriter out = new StringWriter();
        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(10), plan).onInterval(second(2, 600, 50, 0, 3));
        assertThat(out.toString())
                .isEqualTo("[   3s/10s] 600.0 req/s (offered 600.0)  p50 1.35ms  p99 1.64ms"
                        + "  max 1.65ms  errors 3 (0.50%, status: 3)  in-flight 7  open 32\n");
    }

    /** {@code s} as if it had run from {@code startMillis} to {@code endMillis}, with {@code offered} due in it. */
    private static IntervalSnapshot during(IntervalSnapshot s, long startMillis, long endMillis, double offered) {
        return new IntervalSnapshot(
                s.index(),
                startMillis * 1_000_000L,
                endMillis * 1_000_000L,
                s.phase(),
                s.warmup(),
                s.requests(),
                s.warmupRequests(),
                s.targets(),
                offered,
                List.of(offered, 0.0, 0.0),
                s.otherOffered(),
                s.otherRequestOffered());
    }

    @Test
    void aStopIsSaidAtOnceWithTheWaitForTheRequestsStillOut() {
        // After Ctrl-C the lines of the seconds still to come went on, then nothing for up to 2 s: the run read as
        // one that had not heard the signal, and a second Ctrl-C lost every output.
        Plan plan = plan(200, 6);
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(6), plan);
        lines.onInterval(second(0, 200, 50, 0, 0));
        lines.onStop(2_240_000_000L);
        assertThat(out.toString())
                .endsWith("stopping at 2.2s: waiting up to 2s for the requests still out, then writing the results"
                        + System.lineSeparator());

        StringWriter fancy = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(fancy), plan, Duration.ofSeconds(6), false, false, 100);
        view.onInterval(second(0, 200, 50, 0, 0));
        view.onStop(2_240_000_000L);
        assertThat(fancy.toString())
                .contains("stopping at 2.2s: waiting up to 2s for the requests still out, then writing the results\n");
        assertThat(ProgressLines.stopping(0))
                .isEqualTo("stopping before the start: nothing was sent; writing the results");
    }

    @Test
    void theRequestsCancelledWhenGaleStoppedShowInTheLinesAndTheView() {
        // 84 still waiting for a connection when gale stopped: the queue went to 0 and no line said where they went.
        Plan plan = plan(200, 6);
        IntervalSnapshot answered = second(1, 200, 50, 0, 0);
        Stats withCancelled = answered.requests().get(0).copy();
        withCancelled.add(Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                84,
                0,
                0,
                0,
                0,
                0,
                Map.of(ErrorKind.CANCELLED, 84L),
                Map.of()));
        IntervalSnapshot s = new IntervalSnapshot(
                1,
                1_000_000_000L,
                2_000_000_000L,
                "main",
                false,
                List.of(withCancelled, new Stats(), new Stats()),
                answered.warmupRequests(),
                answered.targets(),
                answered.offered(),
                answered.requestOffered(),
                0,
                List.of());
        StringWriter out = new StringWriter();
        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(6), plan).onInterval(s);
        assertThat(out.toString()).contains("errors 0  cancelled 84  in-flight");

        StringWriter fancy = new StringWriter();
        new LiveView(new PrintWriter(fancy), plan, Duration.ofSeconds(6), false, false, 120).onInterval(s);
        assertThat(fancy.toString()).contains(" queued   84 cancelled   ");
    }

    @Test
    void afterAStallOfGaleItselfOfferedIsThePlansAndTheIntervalShowsWhereItEnded() {
        // -R 1000 -d 4s, gale stopped from 1.8 s to 2.72 s: 800 arrivals taken before the stall, 1,200 after it.
        Plan plan = plan(1000, 4);
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(4), plan);
        lines.onInterval(during(second(0, 1000, 50, 0, 0), 0, 1000, 1000));
        lines.onInterval(during(second(1, 800, 50, 0, 0), 1000, 2720, 1720));
        lines.onInterval(during(second(2, 1200, 50, 0, 0), 2720, 3000, 280));
        lines.onInterval(during(second(3, 1000, 50, 0, 0), 3000, 4000, 1000));
        assertThat(out.toString().lines().filter(l -> l.startsWith("[")))
                .extracting(l -> l.substring(0, l.indexOf(')') + 1))
                .containsExactly(
                        "[    1s/4s] 1,000.0 req/s (offered 1,000.0)",
                        "[  2.7s/4s] 465.1 req/s (offered 1,000.0)",
                        "[    3s/4s] 4,285.7 req/s (offered 1,000.0)",
                        "[    4s/4s] 1,000.0 req/s (offered 1,000.0)");

        StringWriter fancy = new StringWriter();
        new LiveView(new PrintWriter(fancy), plan, Duration.ofSeconds(4), false, false, 100)
                .onInterval(during(second(1, 800, 50, 0, 0), 1000, 2720, 1720));
        assertThat(fancy.toString()).contains("465.1 req/s achieved   1,000.0 offered", " 2.7s / 4s ");
    }

    @Test
    void twoStallsEndingWithinATenthOfASecondShowTheirMilliseconds() {
        Plan plan = plan(1000, 4);
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(4), plan);
        lines.onInterval(during(second(1, 800, 50, 0, 0), 1000, 2720, 1720));
        lines.onInterval(during(second(2, 30, 50, 0, 0), 2720, 2750, 30));
        assertThat(out.toString().lines().filter(l -> l.startsWith("[")))
                .extracting(l -> l.substring(0, l.indexOf(']') + 1))
                .containsExactly("[  2.7s/4s]", "[ 2.75s/4s]");
    }

    /** One request at {@code rate} for {@code seconds}. */
    private static Plan plan(double rate, int seconds) {
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        return new Plan(
                List.of(t),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(rate), Duration.ofSeconds(seconds), 0, false)),
                1);
    }

    @Test
    void aPlanOfOneAndAHalfSecondsEndsAt1point5sNot2s() {
        IntervalSnapshot half = during(second(1, 300, 50, 0, 0), 1000, 1500, 0.5 * DUE_PER_SECOND);
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofMillis(1500), plan);
        lines.onInterval(second(0, 600, 50, 0, 0));
        lines.onInterval(half);
        assertThat(out.toString()).contains("[  1s/1.5s] ", "[1.5s/1.5s] ");

        StringWriter fancy = new StringWriter();
        new LiveView(new PrintWriter(fancy), plan, Duration.ofMillis(1500), false, false, 100).onInterval(half);
        assertThat(fancy.toString()).contains(" 1.5s / 1.5s  100%");
    }

    @Test
    void plainLinesShowNoLatencyFiguresForASecondWithoutResponses() {
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(10), plan);
        Stats failed = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                600,
                600,
                0,
                0,
                0,
                0,
                Map.of(ErrorKind.RESET, 600L),
                Map.of());
        long second = 1_000_000_000L;
        lines.onInterval(SampleResults.snapshot(
                2,
                2 * second,
                3 * second,
                "main",
                false,
                List.of(failed, new Stats(), new Stats()),
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(PoolLevels.ZERO, PoolLevels.ZERO)));
        Stats lastFailures = SampleResults.errorsOnly(ErrorKind.RESET, 2);
        lines.onLastInterval(SampleResults.snapshot(
                3,
                3 * second,
                3 * second + 200_000_000L,
                "main",
                false,
                List.of(lastFailures, new Stats(), new Stats()),
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(PoolLevels.ZERO, PoolLevels.ZERO)));
        assertThat(out.toString())
                .startsWith(
                        "[   3s/10s] 0.0 req/s (offered 600.0)  p50 -  p99 -  max -  errors 600 (100.00%, reset: 600)")
                .endsWith("[      end] in-flight requests finished: 0 responses, 2 errors, max -\n")
                .doesNotContain("0.00us");
    }

    @Test
    void theEndLineSaysWhenInFlightRequestsWereCancelled() {
        // Ctrl-C with requests in flight: the end line said '0 responses, 0 errors', as if nothing had been there.
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(10), plan);
        Stats cancelled = SampleResults.errorsOnly(ErrorKind.CANCELLED, 7);
        long second = 1_000_000_000L;
        lines.onLastInterval(SampleResults.snapshot(
                3,
                3 * second,
                3 * second + 200_000_000L,
                "main",
                false,
                List.of(cancelled, new Stats(), new Stats()),
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(PoolLevels.ZERO, PoolLevels.ZERO)));
        assertThat(out.toString())
                .isEqualTo("[      end] in-flight requests finished: 0 responses, 0 errors, 7 cancelled, max -\n");
    }

    @Test
    void aShortLastIntervalWithASendInItShowsNoRate() {
        // -R 100..1000 -d 4s: the interval after the fourth second is 8 ms long and holds the last send.
        dev.gale.record.RequestRecorder r = new dev.gale.record.RequestRecorder();
        r.recordScheduled(0, 0);
        r.recordSent(80);
        r.recordResponse(200, true, 0, 0, 1_000_000L, 100);
        Stats last = new Stats();
        r.cut();
        r.addCutTo(last);
        long second = 1_000_000_000L;
        StringWriter out = new StringWriter();

        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(4), plan)
                .onLastInterval(SampleResults.snapshot(
                        4,
                        4 * second,
                        4 * second + 8_000_000L,
                        "main",
                        false,
                        List.of(last, new Stats(), new Stats()),
                        List.of(new Stats(), new Stats(), new Stats()),
                        List.of(PoolLevels.ZERO, PoolLevels.ZERO)));

        assertThat(out.toString())
                .isEqualTo("[      end] 1 issued in the last 8.00ms: 1 response, 0 errors, max 1.00ms\n");
    }

    @Test
    void theEndLineCountsTheRequestsIssuedAsTheWarningsDoNotCallingThemSent() {
        // A stop with requests waiting for a connection: 3 issued, one of them written to a connection, two
        // cancelled in the queue. The line said '3 sent', where the JSON row has 'sent: 1'.
        dev.gale.record.RequestRecorder r = new dev.gale.record.RequestRecorder();
        for (int i = 0; i < 3; i++) {
            r.recordScheduled(0, 0);
        }
        r.recordSent(80);
        r.recordResponse(200, true, 0, 0, 1_000_000L, 100);
        r.recordFailure(ErrorKind.CANCELLED, 0, 0, 2_000_000L, 0);
        r.recordFailure(ErrorKind.CANCELLED, 0, 0, 2_000_000L, 0);
        Stats last = new Stats();
        r.cut();
        r.addCutTo(last);
        assertThat(last.scheduled()).isEqualTo(3);
        assertThat(last.sent()).isEqualTo(1);
        long second = 1_000_000_000L;
        StringWriter out = new StringWriter();

        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(4), plan)
                .onLastInterval(SampleResults.snapshot(
                        4,
                        4 * second,
                        4 * second + 8_000_000L,
                        "main",
                        false,
                        List.of(last, new Stats(), new Stats()),
                        List.of(new Stats(), new Stats(), new Stats()),
                        List.of(PoolLevels.ZERO, PoolLevels.ZERO)));

        assertThat(out.toString())
                .isEqualTo("[      end] 3 issued in the last 8.00ms: 1 response, 0 errors, 2 cancelled, max 1.00ms\n");
    }

    @Test
    void aShortIntervalInTheMiddleOfTheRunIsAnOrdinaryLine() {
        // An interval of 0.3 s in the middle of a 10 s run (a stall of gale ended it): not the run's end.
        StringWriter out = new StringWriter();
        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(10), plan)
                .onInterval(during(second(2, 300, 50, 0, 0), 1000, 1300, 0.3 * DUE_PER_SECOND));

        assertThat(out.toString()).startsWith("[ 1.3s/10s] ").doesNotContain("end");
    }

    @Test
    void aPhaseOfRequestsAtAConstantRateHasItsScheduleKnownAndSoDoesTheNext() {
        // {rate: 100, max_requests: 500} then 100 req/s for 30 s: the first lasts 5 s, the second starts then.
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        Plan p = new Plan(
                List.of(t),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(
                        new Phase("p1", LoadModel.Open.constant(100), null, 500, false),
                        new Phase("p2", LoadModel.Open.constant(100), Duration.ofSeconds(30), 0, false)),
                1);

        assertThat(p.plannedNanos()).isEqualTo(35_000_000_000L);
        ScheduleCheck check = new ScheduleCheck(p);
        assertThat(warn(check, sampled(p, 1, 2, 0))).isEqualTo(behind(0, 100));
        assertThat(warn(check, sampled(p, 6, 7, 0))).isEqualTo(behind(0, 100));
        assertThat(warn(check, sampled(p, 6, 7, 90))).isNull();
    }

    @Test
    void aScheduleThatFellBehindGetsAWarningLine() {
        StringWriter out = new StringWriter();
        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(10), plan).onInterval(second(2, 400, 50, 0, 0));
        assertThat(out.toString()).contains("warning: generator behind schedule: issued 400 of the 600 requests due");
    }

    @Test
    void theWarningCountsTheRequestsDueAsTheLineShowsThemOffered() {
        // Each interval as the run samples it, with the arrivals the plan had due (OfferedLoad) and none issued.
        // At 10.5 req/s the second second has arrivals 11 to 20 due, 10: the rate's integral, 10.5, said 11.
        Plan slow = plan(10.5, 4);
        StringWriter out = new StringWriter();
        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(4), slow)
                .onInterval(during(second(1, 0, 50, 0, 0), 1000, 2000, due(slow, 1000, 2000)));
        assertThat(out.toString())
                .contains("(offered 10.0)", "warning: generator behind schedule: issued 0 of the 10 requests due\n");

        // A sampler 6 ms late, yet on time: the interval holds the arrivals due up to the second, 1,000, where
        // the integral up to the sampler's clock said 1,006.
        Plan fast = plan(1000, 4);
        out = new StringWriter();
        new ProgressLines(new PrintWriter(out), Duration.ofSeconds(4), fast)
                .onInterval(during(second(1, 500, 50, 0, 0), 1000, 2006, due(fast, 1000, 2000)));
        assertThat(out.toString())
                .contains(
                        "(offered 994.0)",
                        "warning: generator behind schedule: issued 500 of the 1,000 requests due\n");
    }

    /** The arrivals {@code plan} has due from {@code fromMillis} to {@code toMillis}, as the run counts them. */
    private static double due(Plan plan, long fromMillis, long toMillis) {
        return OfferedLoad.of(plan)
                .between(fromMillis * 1_000_000L, toMillis * 1_000_000L)
                .orElseThrow();
    }

    @Test
    void lateSendsBlameTheGeneratorEvenWhenRequestsAlsoWaitedForAConnection() {
        // The lag ends when gale hands a request to its pool: with a queue too, 'the target is slow' was wrong.
        ScheduleCheck check = new ScheduleCheck(plan);
        assertThat(warn(check, second(2, 600, 50, 0, 0))).isNull();
        assertThat(warn(check, second(2, 600, 40_000, 0, 0)))
                .startsWith("generator behind schedule: requests sent late");
        assertThat(warn(check, second(2, 600, 40_000, 25, 0)))
                .startsWith("generator behind schedule: requests sent late, schedule lag p99 ")
                .endsWith("; 25 also queued for a connection");
    }

    @Test
    void requestsThatGaveUpOrWereDroppedAreNamedBesideALateOrBehindGeneratorNotHiddenByIt() {
        // A target that stalls a second, in a second in which gale was also late (a busy machine): 196 of 200
        // dropped read 'generator behind schedule: requests sent late ...' alone, and a run with --timeout 1s
        // said '100 also queued' of its 77 acquire timeouts. Each is its own finding: the requests that gave up
        // or were dropped point at the target or the pool, the lag (which ends when gale hands a request to the
        // pool, so no wait for a connection is in it) at gale.
        ScheduleCheck check = new ScheduleCheck(plan);
        String waited = "requests waited for a connection: 0 queued, 23 gave up waiting (acquire_timeout), 7"
                + " dropped (queue full), 7 in flight on 32 open connections (the target is slow, or raise"
                + " --max-connections, max_connections in a plan)";
        IntervalSnapshot late = second(2, 600, 40_000, 0, 0);
        String lateAlone = warn(check, late);
        assertThat(lateAlone)
                .isEqualTo("generator behind schedule: requests sent late, schedule lag p99 40.03ms (gale lacks CPU"
                        + " time: the machine is busy, or the rate is too high for it)");
        assertThat(check.warn(late, late.total().add(gaveUpAndDropped(23, 7))))
                .isEqualTo(waited + "; also " + lateAlone);
        // With a queue: the timeouts are named, not only '100 also queued'.
        IntervalSnapshot queued = second(2, 600, 40_000, 100, 0);
        assertThat(check.warn(queued, queued.total().add(gaveUpAndDropped(77, 0))))
                .isEqualTo("requests waited for a connection: 100 queued, 77 gave up waiting (acquire_timeout), 7 in"
                        + " flight on 32 open connections (the target is slow, or raise --max-connections,"
                        + " max_connections in a plan); also " + lateAlone);

        IntervalSnapshot behind = second(2, 400, 50, 0, 0);
        assertThat(check.warn(behind, behind.total().add(gaveUpAndDropped(23, 7))))
                .isEqualTo(waited + "; also generator behind schedule: issued 430 of the 600 requests due");

        // Dropped alone, as the stall's second had them, with 4 connections all in flight.
        IntervalSnapshot stalled = withPools(second(2, 600, 40_000, 0, 0), new PoolLevels(4, 0, 4, 0, 4, 0, 0));
        Stats dropped = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                196,
                0,
                0,
                196,
                0,
                0,
                Map.of(),
                Map.of());
        assertThat(check.warn(stalled, stalled.total().add(dropped)))
                .isEqualTo("requests waited for a connection: 0 queued, 196 dropped (queue full), 4 in flight on 4"
                        + " open connections (the target is slow, or raise --max-connections, max_connections in a"
                        + " plan); also " + lateAlone);
    }

    /** {@code gaveUp} requests that gave up waiting for a connection and {@code dropped} that found the queue full. */
    private static Stats gaveUpAndDropped(long gaveUp, long dropped) {
        return Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                gaveUp + dropped,
                0,
                0,
                dropped,
                0,
                0,
                Map.of(ErrorKind.ACQUIRE_TIMEOUT, gaveUp),
                Map.of());
    }

    @Test
    void aFewRequestsQueuedForAConnectionBeingOpenedAreNoWarning() {
        // Without keep-alive every request waits for its connection to open: '1 queued' every second.
        ScheduleCheck check = new ScheduleCheck(plan);
        assertThat(warn(check, second(2, 600, 50, 1, 0))).isNull();
        assertThat(warn(check, second(2, 600, 50, 10, 0))).isNull();
        assertThat(warn(check, second(2, 600, 50, 11, 0))).startsWith("requests waited for a connection: 11 queued");
    }

    @Test
    void nothingIsDueAfterTheRunWasStopped() {
        // Ctrl-C (or an abort threshold) 2.25 s into a 600 req/s plan: the third second had only 150 due.
        // The run counts as offered only what was due before the stop (PhaseAndPoolEdgesIT checks it does).
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(10), plan);
        lines.onInterval(during(second(2, 150, 50, 0, 0), 2000, 3000, 150));
        lines.onInterval(during(second(3, 0, 50, 0, 0), 3000, 4000, 0));
        assertThat(out.toString()).doesNotContain("warning");

        StringWriter fancy = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(fancy), plan, Duration.ofSeconds(10), false, false, 100);
        view.onInterval(during(second(2, 150, 50, 0, 0), 2000, 3000, 150));
        assertThat(fancy.toString()).doesNotContain("behind schedule");
    }

    @Test
    void requestsWaitingWhileNoConnectionHasOpenedYetAreToldSo() {
        // A target that accepts no connection: its connects are still under way (the connect timeout is 3 s),
        // none has opened, and requests queue for them; neither a slow target nor the connection limit.
        ScheduleCheck check = new ScheduleCheck(plan);
        IntervalSnapshot s = withPools(second(0, 600, 50, 15, 0), new PoolLevels(0, 64, 0, 15, 0, 0, 0));
        assertThat(warn(check, s))
                .isEqualTo("requests waited for a connection: 15 queued, 0 in flight on 0 open connections (no"
                        + " connection to the target is up yet)");
        // After the first connects failed (a timeout, or a TLS handshake that never ended), the errors say why.
        IntervalSnapshot failed = withPools(second(3, 600, 50, 15, 0), new PoolLevels(0, 64, 0, 15, 0, 4, 0));
        assertThat(warn(check, failed))
                .isEqualTo("requests waited for a connection: 15 queued, 0 in flight on 0 open connections (no"
                        + " connection to the target is up yet: see the connection errors)");
        // Of two targets, one fine and one that accepts nothing: the warning names the one holding requests up, with
        // its own figures, not the sum of its pool's and the healthy target's.
        IntervalSnapshot oneDead =
                withTargets(s, new PoolLevels(32, 0, 7, 0, 600, 0, 0), new PoolLevels(0, 32, 0, 20, 0, 0, 0));
        assertThat(warn(check, oneDead))
                .isEqualTo("requests to target static waited for a connection: 20 queued, 0 in flight on 0 open"
                        + " connections (no connection to the target is up yet)");
        // A slow one beside a healthy one: its own pool's figures, not 40 open connections of which 32 are the
        // healthy target's.
        IntervalSnapshot oneSlow =
                withTargets(s, new PoolLevels(32, 0, 7, 0, 600, 0, 0), new PoolLevels(8, 0, 8, 25, 8, 0, 0));
        assertThat(warn(check, oneSlow))
                .isEqualTo("requests to target static waited for a connection: 25 queued, 8 in flight on 8 open"
                        + " connections (the target is slow, or raise --max-connections, max_connections in a plan)");
    }

    @Test
    void requestsThatWaitedForAConnectionAreWarnedAboutThoughTheyWereIssuedOnTime() {
        // A slow target: every connection busy, requests issued on time (lag 50 us) wait in the queue. The
        // lag ends when a request is handed to the pool, so only the queue shows the wait.
        ScheduleCheck check = new ScheduleCheck(plan);
        assertThat(warn(check, second(2, 600, 50, 25, 0)))
                .isEqualTo("requests waited for a connection: 25 queued, 7 in flight on 32 open connections (the"
                        + " target is slow, or raise --max-connections, max_connections in a plan)");

        IntervalSnapshot timedOut = second(2, 600, 50, 0, 0);
        Stats gaveUp = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                30,
                0,
                0,
                7,
                0,
                0,
                Map.of(ErrorKind.ACQUIRE_TIMEOUT, 23L),
                Map.of());
        Stats total = timedOut.total().add(gaveUp);
        assertThat(check.warn(timedOut, total))
                .isEqualTo("requests waited for a connection: 0 queued, 23 gave up waiting (acquire_timeout), 7"
                        + " dropped (queue full), 7 in flight on 32 open connections (the target is slow, or raise"
                        + " --max-connections, max_connections in a plan)");
    }

    @Test
    void closedModelUsersQueuedForAConnectionAreToldAboutTheConnectionLimitNotASlowTarget() {
        // 64 users on a target limited to 8 connections: 56 wait, however fast the target is.
        Plan closed = withPhases(new Phase("main", LoadModel.Closed.connections(64), Duration.ofSeconds(10), 0, false));
        assertThat(warn(new ScheduleCheck(closed), closed(second(2, 600, 0, 56, 0))))
                .isEqualTo("requests waited for a connection: 56 queued, 7 in flight on 32 open connections (fewer"
                        + " connections than users: raise --max-connections, max_connections in a plan)");

        // Some connects failed: their errors may be why there are fewer connections.
        IntervalSnapshot failed = withPools(second(2, 600, 0, 56, 0), new PoolLevels(32, 0, 7, 56, 32, 3, 0));
        assertThat(warn(new ScheduleCheck(closed), closed(failed)))
                .endsWith("(fewer connections than users: raise --max-connections, max_connections in a plan, or see"
                        + " the connection errors)");
    }

    @Test
    void closedModelUsersWaitingForConnectionsBeingOpenedAreToldWhyConnectionsAreOpenedNotAboutALimit() {
        // -c 4 --no-keepalive: each response closes its connection, and the user's next request waits while a
        // new one is opened (a dial in progress for every request queued). No connection failed, no limit hit.
        Phase users = new Phase("main", LoadModel.Closed.connections(4), Duration.ofSeconds(10), 0, false);
        IntervalSnapshot s = closed(withPools(second(2, 600, 0, 0, 0), new PoolLevels(3, 1, 3, 1, 600, 0, 0)));
        Plan noKeepAlive = withConnections(false, users);
        assertThat(warn(new ScheduleCheck(noKeepAlive), s))
                .isEqualTo("requests waited for a connection: 1 queued, 3 in flight on 3 open connections (users"
                        + " wait while connections are opened: keep-alive is off, so each request opens its own)");

        // Keep-alive on, and still every request opens a connection: the server closes them (a 400 and a
        // close to each request, from a TLS port spoken to in plain HTTP).
        assertThat(warn(new ScheduleCheck(withConnections(true, users)), s))
                .endsWith("open connections (users wait while connections are opened: the server closes them, so"
                        + " requests open new ones)");

        // A TLS target: each of those connections costs a handshake too.
        Target tls = new Target(
                "t", "https", "127.0.0.1", 1, ConnectionSettings.defaults().withKeepAlive(false));
        Plan overTls = new Plan(List.of(tls), List.of(RequestSpec.get("r", "t", "/")), List.of(users), 2);
        assertThat(warn(new ScheduleCheck(overTls), closed(withPools(second(0, 600, 0, 0, 0), s.pools()))))
                .endsWith("(users wait while connections are opened: keep-alive is off, so each request opens its"
                        + " own, with a TLS handshake)");
    }

    @Test
    void connectionsGaleClosedAfterBytesBeyondAResponseAreBlamedOnThoseBytesNotOnTheServerClosingThem() {
        // A server that sends a second response after each: gale closes every connection, and said 'the server
        // closes them'.
        Phase users = new Phase("main", LoadModel.Closed.connections(4), Duration.ofSeconds(10), 0, false);
        IntervalSnapshot s = closed(withPools(second(2, 600, 0, 0, 0), new PoolLevels(3, 1, 3, 1, 600, 0, 597)));
        assertThat(warn(new ScheduleCheck(withConnections(true, users)), s))
                .endsWith("open connections (users wait while connections are opened: gale closes them after the"
                        + " bytes the server sends beyond its responses, so requests open new ones)");
        IntervalSnapshot open = withPools(second(2, 600, 50, 0, 0), new PoolLevels(7, 25, 7, 25, 600, 0, 590));
        assertThat(warn(new ScheduleCheck(plan), open))
                .endsWith("(requests wait while connections are opened: gale closes them after the bytes the server"
                        + " sends beyond its responses)");
    }

    @Test
    void connectionsClosedByTheRequestsOwnConnectionCloseHeaderAreBlamedOnTheHeaderNotTheServer() {
        // -c 4 -H 'Connection: close': keep-alive is on, but gale's own request asks the server to close each
        // connection, as --no-keepalive would. The server is only doing what it was asked.
        Phase users = new Phase("main", LoadModel.Closed.connections(4), Duration.ofSeconds(10), 0, false);
        IntervalSnapshot s = closed(withPools(second(0, 600, 0, 0, 0), new PoolLevels(1, 1, 1, 1, 600, 0, 0)));
        Target target = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        RequestSpec close = withHeaders(RequestSpec.get("r", "t", "/"), "Accept: */*", "Connection: close");
        Plan one = new Plan(List.of(target), List.of(close), List.of(users), 2);
        assertThat(warn(new ScheduleCheck(one), s))
                .isEqualTo("requests waited for a connection: 1 queued, 1 in flight on 1 open connection (users"
                        + " wait while connections are opened: the request's Connection: close header closes each"
                        + " connection, like --no-keepalive, so each request opens its own)");

        // Every request of a plan sends it; over TLS, each new connection costs a handshake too.
        Target tls = new Target("t", "https", "127.0.0.1", 1, ConnectionSettings.defaults());
        RequestSpec other = withHeaders(RequestSpec.get("q", "t", "/q"), "Connection: keep-alive, Close");
        Plan all = new Plan(List.of(tls), List.of(close, other), List.of(users), 2);
        assertThat(warn(new ScheduleCheck(all), s))
                .endsWith("(users wait while connections are opened: every request's Connection: close header"
                        + " closes each connection, like --no-keepalive, so each request opens its own, with a TLS"
                        + " handshake)");

        // Some requests send it: those close their connections; the others may keep theirs.
        Plan some = new Plan(
                List.of(target),
                List.of(close, RequestSpec.get("q", "t", "/q"), RequestSpec.get("p", "t", "/p")),
                List.of(users),
                2);
        assertThat(warn(new ScheduleCheck(some), s))
                .endsWith("(users wait while connections are opened: 1 of the 3 requests sends Connection: close,"
                        + " which closes each connection it is sent on, like --no-keepalive)");

        // In the open model too: it is no longer 'the server closes them, or more are needed'.
        Phase open = plan.phases().get(0);
        IntervalSnapshot queued = withPools(second(2, 600, 50, 0, 0), new PoolLevels(7, 25, 7, 25, 600, 0, 0));
        assertThat(warn(new ScheduleCheck(new Plan(List.of(target), List.of(close), List.of(open), 2)), queued))
                .endsWith("(requests wait while connections are opened: the request's Connection: close header"
                        + " closes each connection, like --no-keepalive, so each request opens its own)");
    }

    /** {@code r} with {@code headers} ({@code Name: value}) instead of its own. */
    private static RequestSpec withHeaders(RequestSpec r, String... headers) {
        return new RequestSpec(
                r.name(),
                r.target(),
                r.method(),
                r.path(),
                Arrays.stream(headers).map(Header::parse).toList(),
                r.body(),
                r.expectedStatus(),
                r.weight(),
                r.priority());
    }

    @Test
    void openModelRequestsWaitingForConnectionsBeingOpenedAreNotBlamedOnTheTarget() {
        // -R 600 --no-keepalive against a target slow to accept: 25 requests queued, a connection being opened
        // for each. Raising --max-connections would change nothing.
        IntervalSnapshot s = withPools(second(2, 600, 50, 0, 0), new PoolLevels(7, 25, 7, 25, 600, 0, 0));
        assertThat(warn(new ScheduleCheck(withConnections(false, plan.phases().toArray(Phase[]::new))), s))
                .isEqualTo("requests waited for a connection: 25 queued, 7 in flight on 7 open connections"
                        + " (requests wait while connections are opened: keep-alive is off, so each request opens"
                        + " its own)");
    }

    /** {@code s} with {@code pools} for the first target, none for the second. */
    private static IntervalSnapshot withPools(IntervalSnapshot s, PoolLevels pools) {
        return withTargets(s, pools, PoolLevels.ZERO);
    }

    /** {@code s} with the pools of {@link #plan}'s two targets. */
    private static IntervalSnapshot withTargets(IntervalSnapshot s, PoolLevels first, PoolLevels second) {
        return new IntervalSnapshot(
                s.index(),
                s.startNanos(),
                s.endNanos(),
                s.phase(),
                s.warmup(),
                s.requests(),
                s.warmupRequests(),
                List.of(first, second),
                s.offered(),
                s.requestOffered(),
                s.otherOffered(),
                s.otherRequestOffered());
    }

    /** The sample plan run in {@code phases}, every target with keep-alive on or off. */
    private Plan withConnections(boolean keepAlive, Phase... phases) {
        List<Target> targets = plan.targets().stream()
                .map(t -> new Target(
                        t.name(),
                        t.scheme(),
                        t.host(),
                        t.port(),
                        t.connections().withKeepAlive(keepAlive)))
                .toList();
        return new Plan(targets, plan.requests(), List.of(phases), 2);
    }

    @Test
    void closedModelUsersQueuedWhileFailedConnectionsAreReplacedAreNotToldToRaiseTheLimit() {
        // A hanging target: every user's request timed out, its connection was closed, and the users wait for
        // new ones. The limit is not the problem.
        Plan closed = withPhases(new Phase("main", LoadModel.Closed.connections(8), Duration.ofSeconds(10), 0, false));
        IntervalSnapshot s = closed(second(2, 8, 0, 8, 0));
        Stats timedOut = SampleResults.errorsOnly(ErrorKind.READ_TIMEOUT, 8);
        assertThat(new ScheduleCheck(closed).warn(s, s.total().add(timedOut)))
                .endsWith("open connections (users wait while failed connections are replaced: see the errors)");
    }

    @Test
    void closedModelUsersAreNotToldOfFailedConnectionsWhenOnlyWaitsForAConnectionGaveUp() {
        // A 1-user phase after a 200 req/s phase on one connection: the open phase's requests still queued give
        // up waiting in it (acquire_timeout). They never had a connection, and none failed.
        Plan afterOpen = withPhases(
                new Phase("load", LoadModel.Open.constant(200), Duration.ofSeconds(2), 0, false),
                new Phase("main", LoadModel.Closed.connections(1), Duration.ofSeconds(1), 0, false));
        IntervalSnapshot s = closed(withPools(second(2, 45, 0, 3, 0), new PoolLevels(1, 0, 1, 3, 1, 0, 0)));
        Stats gaveUp = s.total().add(SampleResults.errorsOnly(ErrorKind.ACQUIRE_TIMEOUT, 153));
        assertThat(new ScheduleCheck(afterOpen).warn(s, gaveUp))
                .isEqualTo("requests waited for a connection: 3 queued, 153 gave up waiting (acquire_timeout), 1 in"
                        + " flight on 1 open connection (fewer connections than users: raise --max-connections,"
                        + " max_connections in a plan)");

        // A connection reset among them: that user waits for its connection to be replaced.
        Stats reset = gaveUp.add(SampleResults.errorsOnly(ErrorKind.RESET, 1));
        assertThat(new ScheduleCheck(afterOpen).warn(s, reset))
                .endsWith("on 1 open connection (users wait while failed connections are replaced: see the errors)");
    }

    /** The sample plan's targets and requests, run in {@code phases} on two threads. */
    private Plan withPhases(Phase... phases) {
        return new Plan(plan.targets(), plan.requests(), List.of(phases), 2);
    }

    @Test
    void aWarmUpsWaitsForAConnectionAreCountedForTheTargetTheyWaitedFor() {
        // A warm-up second: its requests are warm-up ones. 12 of the static target's gave up waiting.
        Stats gaveUp = SampleResults.errorsOnly(ErrorKind.ACQUIRE_TIMEOUT, 12);
        IntervalSnapshot s = SampleResults.snapshot(
                0,
                0,
                1_000_000_000L,
                "warm-up",
                true,
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(new Stats(), new Stats(), gaveUp),
                List.of(new PoolLevels(32, 0, 7, 0, 32, 0, 0), new PoolLevels(8, 0, 8, 25, 8, 0, 0)));
        assertThat(warn(new ScheduleCheck(plan), s))
                .isEqualTo("requests to target static waited for a connection: 25 queued, 12 gave up waiting"
                        + " (acquire_timeout), 8 in flight on 8 open connections (the target is slow, or raise"
                        + " --max-connections, max_connections in a plan)");
    }

    @Test
    void theTargetWhoseRequestsGaveUpIsNamedThoughAnotherHasMoreQueued() {
        // The line is there for static's 50 acquire timeouts: api's 3 queued (without keep-alive, normal) must not
        // take its place, with the give-ups in no word of it.
        Stats gaveUp = SampleResults.errorsOnly(ErrorKind.ACQUIRE_TIMEOUT, 50);
        IntervalSnapshot s = SampleResults.snapshot(
                0,
                0,
                1_000_000_000L,
                "main",
                false,
                List.of(new Stats(), new Stats(), gaveUp),
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(new PoolLevels(32, 0, 7, 3, 32, 0, 0), new PoolLevels(8, 0, 8, 0, 8, 0, 0)));
        assertThat(warn(new ScheduleCheck(plan), s))
                .startsWith("requests to target static waited for a connection: 0 queued, 50 gave up waiting"
                        + " (acquire_timeout), 8 in flight on 8 open connections");
    }

    private static String warn(ScheduleCheck check, IntervalSnapshot s) {
        return check.warn(s, s.total());
    }

    @ParameterizedTest(name = "{0}, {1} s to {2} s, {3} issued: {4}")
    @CsvSource(
            nullValues = "silent",
            value = {
                // plan, from, to, requests issued, the warning's figures (issued/due) or silent
                "100/s on a 1.5s tick for 3s, 0, 1, 150, silent", //      the tick at 0 s sends 1.5 s of arrivals
                "100/s on a 1.5s tick for 3s, 1, 2, 0, 0/150", //     and so does the one at 1.5 s
                "100/s on a 1.5s tick for 3s, 2, 3, 0, silent", //         no tick starts in the last second
                "100/s on a 1.5s tick for 3s, 0, 3, 269, 269/300",
                "ramp 0 to 100/s for 10s then users, 0, 1, 0, 0/5", // rate 0 -> 10 over the first second
                "ramp 0 to 100/s for 10s then users, 9, 10, 85, 85/95",
                "ramp 0 to 100/s for 10s then users, 9, 10, 86, silent", // 90% of 95 is 85.5
                "ramp 0 to 100/s for 10s then users, 9, 11, 175, 175/195", // across the end of the ramp
                "ramp 0 to 100/s for 10s then users, 9, 11, 176, silent",
                "ramp 0 to 100/s for 10s then users, 19, 20, 89, 89/100", // the hold after the ramp
                "ramp 0 to 100/s for 10s then users, 19, 20, 90, silent",
                "ramp 0 to 100/s for 10s then users, 20, 21, 0, silent", // a closed-model phase has no schedule
                "ramp 0 to 100/s for 10s then users, 19.5, 20.5, 0, silent", // nor a stretch partly in one
                "-R 1000 -n 1500 -d 5s, 1, 2, 449, 449/500", //      the 1,500 are all due by 1.5 s
                "-R 1000 -n 1500 -d 5s, 2, 3, 0, silent", //               and the run ends then
                "warm-up 1s then 200/s, 0, 1, 179, 179/200", //      a warm-up offers its load too
                "warm-up 1s then 200/s, 0, 1, 180, silent",
                // The expected arrivals, 150, but a count by chance: 4 standard deviations (49) below them, not 10%.
                "poisson 100 to 300/s for 2s, 0, 1, 101, 101/150",
                "poisson 100 to 300/s for 2s, 0, 1, 102, silent",
                "poisson 100 to 300/s for 2s, 0, 1, 134, silent", //       one second in seven at 150/s
                "poisson 100 to 300/s for 2s, 1.5, 2, 90, 90/138", // 137.5 due: 46.9 below
                "poisson 100 to 300/s for 2s, 1.5, 2, 91, silent",
            })
    void theScheduleFellBehindWhenFewerThanNineTenthsOfTheRequestsDueWereIssued(
            String name, double from, double to, int issued, String figures) {
        Plan p = named(name);
        String expected = null;
        if (figures != null) {
            String[] f = figures.split("/");
            expected = behind(Long.parseLong(f[0]), Long.parseLong(f[1]));
        }
        assertThat(warn(new ScheduleCheck(p), sampled(p, from, to, issued))).isEqualTo(expected);
    }

    private Plan named(String name) {
        return switch (name) {
            case "100/s on a 1.5s tick for 3s" ->
                withPhases(new Phase(
                        "main",
                        new LoadModel.Open(100, 100, LoadModel.Arrivals.UNIFORM, 0, 0, 1_500_000_000L),
                        Duration.ofSeconds(3),
                        0,
                        false));
            case "ramp 0 to 100/s for 10s then users" ->
                withPhases(
                        new Phase(
                                "ramp",
                                new LoadModel.Open(0, 100, LoadModel.Arrivals.UNIFORM, 0, 0),
                                Duration.ofSeconds(10),
                                0,
                                false),
                        new Phase("hold", LoadModel.Open.constant(100), Duration.ofSeconds(10), 0, false),
                        new Phase("users", LoadModel.Closed.connections(5), Duration.ofSeconds(10), 0, false));
            case "-R 1000 -n 1500 -d 5s" ->
                withPhases(new Phase("main", LoadModel.Open.constant(1000), Duration.ofSeconds(5), 1500, false));
            case "warm-up 1s then 200/s" -> {
                Phase main = new Phase("main", LoadModel.Open.constant(200), Duration.ofSeconds(2), 0, false);
                yield withPhases(Phase.warmupBefore(List.of(main), Duration.ofSeconds(1)), main);
            }
            case "poisson 100 to 300/s for 2s" ->
                withPhases(new Phase(
                        "main",
                        new LoadModel.Open(100, 300, LoadModel.Arrivals.POISSON, 7, 0),
                        Duration.ofSeconds(2),
                        0,
                        false));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The warning for a schedule that fell behind: {@code issued} of {@code due}. */
    private static String behind(long issued, long due) {
        return "generator behind schedule: issued " + issued + " of the " + due + " requests due";
    }

    /**
     * The stretch of {@code p} from {@code from} to {@code to} seconds as the run samples it, with {@code issued}
     * requests of the first name issued and answered on time, in the phase at its midpoint: offered is what the
     * plan had due in it ({@link OfferedLoad}), or the requests issued where the plan has no such figure (a
     * closed-model phase).
     */
    private static IntervalSnapshot sampled(Plan p, double from, double to, int issued) {
        long start = Math.round(from * 1e9);
        long end = Math.round(to * 1e9);
        long[] phaseStarts = p.phaseStartsNanos();
        int phase = 0;
        while (phase + 1 < phaseStarts.length && phaseStarts[phase + 1] <= (start + end) / 2) {
            phase++;
        }
        Phase ph = p.phases().get(phase);
        List<Stats> requests = new ArrayList<>();
        List<Stats> none = new ArrayList<>();
        for (int i = 0; i < p.requests().size(); i++) {
            requests.add(i == 0 ? second(0, issued, 50, 0, 0).requests().get(0) : new Stats());
            none.add(new Stats());
        }
        List<PoolLevels> pools = p.targets().stream().map(t -> PoolLevels.ZERO).toList();
        IntervalSnapshot s = SampleResults.snapshot(
                0,
                start,
                end,
                ph.name(),
                ph.warmup(),
                ph.warmup() ? none : requests,
                ph.warmup() ? requests : none,
                pools);
        OptionalDouble due = OfferedLoad.of(p).between(start, end);
        return due.isEmpty()
                ? s
                : new IntervalSnapshot(
                        0,
                        start,
                        end,
                        ph.name(),
                        ph.warmup(),
                        s.requests(),
                        s.warmupRequests(),
                        pools,
                        due.getAsDouble(),
                        Collections.nCopies(
                                p.requests().size(),
                                due.getAsDouble() / p.requests().size()),
                        0,
                        List.of());
    }

    @Test
    void bothViewsShowAnIntervalsOwnKindNotTheLateAnswersOfTheOther() {
        // The warm-up's last 29 requests (300 ms, one a 503) are answered in the first measured second, the measured
        // phase's last 15 (200 ms, one a 503) in the cool-down's: neither line counts them.
        RunResult r = HandMadeResults.lateWarmUp();
        List<IntervalSnapshot> snapshots = HandMadeResults.lateWarmUpSnapshots();
        StringWriter out = new StringWriter();
        ProgressLines progress = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(5), r.plan());
        snapshots.forEach(progress::onInterval);
        assertThat(out.toString().lines().filter(l -> l.startsWith("[")).toList())
                .containsExactly(
                        "[    1s/5s] warm-up 71.0 req/s (offered 101.0)  p50 300.03ms  p99 300.03ms  max 300.03ms"
                                + "  errors 0  in-flight 0  open 32",
                        "[    2s/5s] warm-up 100.0 req/s (offered 100.0)  p50 300.03ms  p99 300.03ms  max 300.03ms"
                                + "  errors 0  in-flight 1  open 32",
                        "[    3s/5s] 100.0 req/s (offered 100.0)  p50 2.32ms  p99 2.62ms  max 2.62ms  errors 0"
                                + "  in-flight 2  open 32",
                        "[    4s/5s] 85.0 req/s (offered 100.0)  p50 2.32ms  p99 2.62ms  max 2.62ms  errors 0"
                                + "  in-flight 3  open 32",
                        "[    5s/5s] warm-up 100.0 req/s (offered 99.0)  p50 5.02ms  p99 5.02ms  max 5.02ms  errors 0"
                                + "  in-flight 4  open 32");

        StringWriter fancy = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(fancy), r.plan(), Duration.ofSeconds(5), false, false, 100);
        for (IntervalSnapshot s : snapshots.subList(0, 3)) {
            view.onInterval(s);
        }
        String third = fancy.toString().substring(fancy.toString().lastIndexOf("gale "));
        assertThat(third).contains("100.0 req/s achieved   100.0 offered", "max 2.62ms", "last 1s: 0");
    }

    @Test
    void theFancyViewRedrawsItsBlockInPlace() {
        StringWriter out = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(out), plan, Duration.ofSeconds(10), false, false, 100);
        view.onInterval(second(0, 600, 50, 0, 0));
        String first = out.toString();
        assertThat(first).doesNotContain("\u001b[");
        long lines = first.lines().count();
        assertThat(first)
                .contains(
                        "gale 2 targets, 3 requests",
                        "####....",
                        "1s / 10s   10%",
                        "600.0 req/s achieved",
                        "p50 1.35ms",
                        "600 done",
                        "7 in flight",
                        "32 open connections",
                        "none");
        view.onInterval(second(1, 600, 50, 0, 6));
        String second = out.toString().substring(first.length());
        assertThat(second).startsWith("\r\u001b[" + lines + "A\u001b[J");
        assertThat(second).contains("2s / 10s", "6 (0.50%)   status: 6", "last 1s: 6");
    }

    @Test
    void oneOpenConnectionIsSingularInTheFancyView() {
        StringWriter out = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(out), plan, Duration.ofSeconds(10), false, false, 100);
        view.onInterval(withPools(second(0, 600, 50, 0, 0), new PoolLevels(1, 0, 1, 0, 1, 0, 0)));
        assertThat(out.toString()).contains("1 in flight   0 queued   1 open connection\n");
    }

    @Test
    void theFancyViewKeepsTheLastFullSecondsRatesThroughTheShortTail() {
        StringWriter out = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(out), plan, Duration.ofSeconds(10), true, true, 100);
        IntervalSnapshot full = second(9, 600, 50, 0, 0);
        view.onInterval(full);
        // 0.2 s in which the last 600 responses came in: over the tail alone that would be 3,000 req/s.
        IntervalSnapshot tail = SampleResults.snapshot(
                10,
                10_000_000_000L,
                10_200_000_000L,
                "main",
                false,
                full.requests(),
                full.warmupRequests(),
                List.of(new PoolLevels(32, 0, 0, 0, 32, 0, 0), PoolLevels.ZERO));
        int before = out.toString().length();
        view.onInterval(tail);
        String redrawn = out.toString().substring(before);
        assertThat(redrawn).contains("600.0 req/s", "100%", "0 in flight").doesNotContain("3,000.0");
        assertThat(String.join("\n", view.lines(full, full.ownTotal(), full.total(), tail)))
                .contains("600.0 req/s", "100%", "0 in flight");
    }

    @Test
    void theShortTailKeepsTheLastFullSecondsWarningThoughItsStatsAreFilledAgain() {
        // A run's snapshots hold the collector's stats, filled again for the next interval. The tail redraws the last
        // full second's figures, its warning with them: worked out when that second came, not from stats that hold
        // another interval by then.
        StringWriter out = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(out), plan, Duration.ofSeconds(10), false, false, 200);
        IntervalSnapshot full = withTargets(
                second(9, 600, 50, 0, 0),
                new PoolLevels(32, 0, 7, 0, 600, 0, 0),
                new PoolLevels(0, 32, 0, 20, 0, 0, 0));
        view.onInterval(full);
        String warning = "! requests to target static waited for a connection: 20 queued, 0 in flight on 0 open"
                + " connections (no connection to the target is up yet)";
        assertThat(out.toString().lines()).contains(warning);
        // The collector fills the static target's request's stats with the tail's: 5 requests dropped.
        Histogram none = Histograms.create();
        full.requests().get(2).add(Stats.of(none, none, none, 5, 0, 0, 5, 0, 0, Map.of(), Map.of()));
        IntervalSnapshot tail = SampleResults.snapshot(
                10,
                10_000_000_000L,
                10_200_000_000L,
                "main",
                false,
                List.of(new Stats(), new Stats(), full.requests().get(2)),
                List.of(new Stats(), new Stats(), new Stats()),
                List.of(new PoolLevels(32, 0, 0, 0, 32, 0, 0), new PoolLevels(0, 32, 0, 20, 0, 0, 0)));
        int before = out.toString().length();
        view.onInterval(tail);
        assertThat(out.toString().substring(before).lines()).contains(warning);
    }

    @Test
    void linesAreCutToTheTerminalWidth() {
        LiveView view = new LiveView(new PrintWriter(new StringWriter()), plan, Duration.ofSeconds(10), true, true, 40);
        IntervalSnapshot s = second(0, 600, 40_000, 0, 0);
        for (String line : view.lines(s, s.ownTotal(), s.total(), s)) {
            assertThat(line.replaceAll("\u001b\\[[0-9;]*m", "").length()).isLessThanOrEqualTo(40);
        }
    }

    /**
     * Past the plan's end with requests still out, both views say what the run waits for and for how long at
     * most (the longest request timeout and an interval after the end): the plain lines once, the live view on
     * every redraw.
     */
    @Test
    void pastThePlansEndTheViewsSayWhatTheRunWaitsForAndHowLongAtMost() {
        Duration timeout = plan.targets().get(0).connections().requestTimeout();
        long seconds = timeout.toSeconds();
        String expected = "waiting up to " + seconds + "s more for 10 requests still out (request timeout " + seconds
                + "s); Ctrl-C stops sooner";
        StringWriter out = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(out), Duration.ofSeconds(2), plan);
        lines.onInterval(second(1, 600, 50, 3, 0)); // ends at 2 s, the plan's end: no wait yet
        lines.onInterval(during(second(2, 0, 50, 3, 0), 2000, 3000, 0)); // nothing due after the end
        lines.onInterval(during(second(3, 0, 50, 3, 0), 3000, 4000, 0));
        assertThat(out.toString().lines().filter(l -> !l.startsWith("[")))
                .containsExactly("note: the plan ended at 2s: " + expected);
        assertThat(ProgressLines.waitAfterEnd(4, 2, List.of(new PoolLevels(2, 0, 0, 0, 2, 0, 0)), List.of(timeout)))
                .as("nothing out")
                .isNull();
        assertThat(ProgressLines.waitAfterEnd(4, 0, List.of(new PoolLevels(2, 0, 2, 0, 2, 0, 0)), List.of(timeout)))
                .as("no planned end")
                .isNull();
        assertThat(ProgressLines.waitAfterEnd(
                        2.0 + seconds + 0.5, 2, List.of(new PoolLevels(2, 0, 2, 0, 2, 0, 0)), List.of(timeout)))
                .as("its time nearly up")
                .isEqualTo("waiting for 2 requests still out (request timeout " + seconds + "s); Ctrl-C stops sooner");
        assertThat(ProgressLines.waitAfterEnd(
                        3,
                        2,
                        List.of(new PoolLevels(2, 0, 0, 0, 2, 0, 0), new PoolLevels(2, 0, 3, 1, 2, 0, 0)),
                        List.of(Duration.ofSeconds(10), Duration.ofSeconds(4))))
                .as("only the target with requests out sets the wait, not the idle one's longer timeout")
                .isEqualTo("waiting up to 4s more for 4 requests still out (request timeout 4s); Ctrl-C stops sooner");

        StringWriter fancy = new StringWriter();
        LiveView view = new LiveView(new PrintWriter(fancy), plan, Duration.ofSeconds(2), false, false, 200);
        IntervalSnapshot after = during(second(2, 0, 50, 3, 0), 2000, 3000, 0);
        assertThat(view.lines(after, after.ownTotal(), after.total(), after)).contains(expected);
        IntervalSnapshot before = second(1, 600, 50, 3, 0);
        assertThat(view.lines(before, before.ownTotal(), before.total(), before))
                .noneMatch(l -> l.contains("waiting"));
    }
}
