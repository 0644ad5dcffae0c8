package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.Printable;
import dev.gale.plan.Threshold;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.PoolLevels;
import dev.gale.record.RequestRecorder;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import dev.gale.record.TimelinePoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private static String render(RunResult r, boolean latency) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            new TextReport(latency).write(r, w);
        }
        return out.toString();
    }

    @Test
    void simpleRunMatchesTheGoldenFile() {
        Golden.assertMatches("text-report-simple.txt", render(HandMadeResults.simple(), false));
    }

    @Test
    void simpleRunWithLatencyMatchesTheGoldenFile() {
        Golden.assertMatches("text-report-simple-latency.txt", render(HandMadeResults.simple(), true));
    }

    @Test
    void interruptedMultiPhaseRunMatchesTheGoldenFile() {
        Golden.assertMatches("text-report-multi-phase.txt", render(HandMadeResults.multiPhase(), true));
    }

    @Test
    void oneThreadAndOneCpuAreSingular() {
        RunResult r = HandMadeResults.simple();
        RunResult one = SampleResults.copy(r)
                .generator(new RunResult.Generator("0.1.0-test", 1, "epoll", null, "25", 1))
                .build();
        assertThat(render(one, false)).contains("\n  1 thread (epoll)\n");
        assertThat(HtmlReport.render(one)).contains("1 thread (epoll), Java 25, 1 cpu</p>");
    }

    @Test
    void aRunWithoutResponsesShowsNoLatencyFiguresRatherThanZeros() {
        RunResult r = HandMadeResults.noResponses();
        assertThat(r.total().responseTime().getTotalCount()).isZero();
        String text = render(r, true);
        Golden.assertMatches("text-report-no-responses.txt", text);
        assertThat(text).doesNotContain("0.00us").contains("          -          -          -");
    }

    @Test
    void headlineNumbersAreTheResultsOwn() {
        // The golden files are only as good as the fixture: pin the numbers they must show.
        RunResult r = HandMadeResults.simple();
        Stats t = r.total();
        assertThat(t.scheduled()).isEqualTo(10_000);
        assertThat(t.dropped()).isEqualTo(10);
        assertThat(t.errors(ErrorKind.CONNECT_REFUSED)).isEqualTo(5);
        assertThat(t.completed()).isEqualTo(t.scheduled());
        String text = render(r, false);
        assertThat(text)
                .contains("  Requests      " + Units.count(t.responses()) + " in 10.00s, "
                        + Units.rate(t.responses() / 10.0) + " req/s\n");
        assertThat(text).contains("  Offered       10,000, 1,000.0 req/s\n");
        assertThat(text).contains("  Dropped       10 (the wait queue was full: raise --max-connections or --queue)\n");
        assertThat(text).contains("  Connections   64 opened, 1 failed to open\n");
        assertThat(text)
                .doesNotContain("Warm-up")
                .doesNotContain("Service time")
                .doesNotContain("INTERRUPTED");
    }

    @Test
    void aRunEndingWellAfterItsPlanSaysSoAndWhy() {
        RunResult planned = HandMadeResults.simple();
        assertThat(render(planned, false)).as("250 ms of waiting for responses").doesNotContain("Overran");

        RunResult late = withTotalNanos(planned, 17_500_000_000L);
        assertThat(render(late, false))
                .contains("  Offered       10,000, 1,000.0 req/s\n"
                        + "  Overran       ended 7.50s after the planned 10.00s, waiting for the last responses;"
                        + " the rates are per planned second\n");

        // A short run: 0.36 s over 2 s is 18%, as far off as its rates read; 0.1 s (5%) is not worth a line.
        RunResult shortRun = HandMadeResults.noResponses();
        assertThat(render(withTotalNanos(shortRun, 2_360_000_000L), false))
                .contains("  Overran       ended 0.36s after the planned 2.00s");
        assertThat(render(withTotalNanos(shortRun, 2_100_000_000L), false)).doesNotContain("Overran");
    }

    @Test
    void requestsSentAfterThePlanAreRatedOverTheTimeTheyTook() {
        // 1,000,000 requests planned over 5 s went out over 8 s, and the summary said 200,000.0 req/s.
        RunResult planned = HandMadeResults.simple(); // 10,000 requests planned at 1,000/s over 10 s
        RunResult late = SampleResults.copy(planned)
                .measuredNanos(12_500_000_000L)
                .totalNanos(12_600_000_000L)
                .build();
        String text = render(late, false);
        assertThat(text)
                .containsPattern("  Requests      [\\d,]+ in 12.50s, [\\d,.]+ req/s\n")
                .contains("  Offered       10,000, 1,000.0 req/s\n"
                        + "  Overran       sending took 12.50s, 2.50s more than planned (they waited for connections to"
                        + " the target); requests/s are per second of that, offered per planned second\n");
        assertThat(late.achievedRate()).isEqualTo(late.total().responses() / 12.5);
    }

    @Test
    void thresholdsNotEvaluatedAreShownAsSkippedAndTheRunAsInterruptedNotFailed() {
        RunResult simple = HandMadeResults.simple();
        RunResult r = SampleResults.copy(simple)
                .measuredNanos(0)
                .interrupted(true)
                .requests(simple.requests().stream().map(s -> new Stats()).toList())
                .thresholds(List.of(
                        new ThresholdResult("p99<50ms", "none", false, false, true),
                        new ThresholdResult("rps>50", "none", false, false, true)))
                .build();

        assertThat(render(r, false))
                .contains("\n  Thresholds\n"
                        + "    skip  p99<50ms                     not evaluated: the run stopped before anything was"
                        + " measured\n"
                        + "    skip  rps>50                       not evaluated: the run stopped before anything was"
                        + " measured\n");
        Verdict v = Verdict.of(r);
        assertThat(v.word()).isEqualTo("INTERRUPTED");
        assertThat(v.notes())
                .startsWith(
                        "the run was stopped early; results cover the time until then",
                        "2 thresholds not evaluated: the run stopped before anything was measured");
        assertThat(r.thresholdsPassed())
                .as("none failed: the library's verdict is the report's, not a failure")
                .isTrue();
    }

    private static RunResult withTotalNanos(RunResult r, long totalNanos) {
        return SampleResults.copy(r).totalNanos(totalNanos).build();
    }

    @Test
    void errorsTheirKindDoesNotExplainAreDescribedAsTheTargetFirstDidUnderTheCounts() {
        RunResult r = HandMadeResults.describedErrors();

        String text = render(r, false);

        assertThat(text)
                .as("in the kinds' order, as the counts are")
                .contains("  Errors        protocol: 1, other: 1 (66.67% of requests)\n"
                        + "                from api: protocol: 1, other: 1 (100.00% of its requests)\n"
                        + "                first protocol error from api: not an HTTP/1.x status line "
                        + Printable.of("\u001b[2J") + "\n"
                        + "                first other error from api: something nobody expected\n")
                .as("no count to explain")
                .doesNotContain("PKIX");
    }

    /**
     * A pool capped by the open-files limit: requests gave up waiting for a connection, connects failed, and only
     * the first description said why, which the summary left out since no request failed as that kind.
     */
    @Test
    void whyConnectsFailedIsSaidUnderTheConnectionsWhenNoFailedRequestSaysIt() {
        RunResult typical = SampleResults.typical();
        List<PoolLevels> levels = new ArrayList<>(typical.targets());
        PoolLevels l = levels.get(0);
        levels.set(
                0, new PoolLevels(l.openConnections(), l.connecting(), l.inFlight(), l.queued(), l.connects(), 30, 0));
        String tooMany = "too many open files: this process reached its open-files limit (ulimit -n)";
        List<java.util.Map<ErrorKind, String>> first = new ArrayList<>(typical.firstErrors());
        first.set(0, java.util.Map.of(ErrorKind.OTHER, tooMany));
        RunResult r =
                SampleResults.copy(typical).targets(levels).firstErrors(first).build();

        assertThat(render(r, false))
                .as("the typical run's other target had a failed connect too, with no description")
                .contains(
                        "31 failed to open\n                first failed connect from api: other (" + tooMany + ")\n");
        assertThat(HtmlReport.render(r)).as("the HTML says it too").contains("first failed connect from api: other (");
        assertThat(render(SampleResults.copy(typical).firstErrors(first).build(), false))
                .as("no connect failed: nothing to say of them")
                .doesNotContain("first failed connect");
    }

    @Test
    void connectionsGaleClosedAfterBytesBeyondAResponseAreCountedWithTheFirstDescription() {
        RunResult r = HandMadeResults.extraBytes();

        assertThat(render(r, false))
                .contains(
                        "  Connections   32 opened, 1 failed to open, 22 closed by gale after bytes beyond a response\n"
                                + "                first from api: 44 bytes after a complete response, in the same read:"
                                + " \"HTTP/1.1 503 Busy\\r\\n...\"\n");
        assertThat(render(SampleResults.typical(), false))
                .as("none closed so")
                .contains("  Connections   32 opened, 1 failed to open\n");
    }

    @Test
    void arrivalsDueBeforeAStopThatGaleNeverSentAreOfferedAndSaidToBeUnsent() {
        // Stopped after a 2 s stall at 5,000 req/s, the summary offered 10,541 at 4,378.3 req/s: the 1,418
        // arrivals gale had not caught up with were in no figure.
        RunResult simple = HandMadeResults.simple();
        List<TimelinePoint> timeline = new ArrayList<>(simple.timeline());
        TimelinePoint last = timeline.getLast();
        timeline.set(timeline.size() - 1, withOffered(last, last.offered() + 300));
        RunResult behind = withTimeline(simple, timeline, true);
        assertThat(behind.total().scheduled()).isEqualTo(10_000);

        assertThat(behind.unsent()).isEqualTo(300);
        assertThat(render(behind, false))
                .contains("  Offered       10,300, 1,030.0 req/s (300 of them never sent: gale was behind its schedule"
                        + " when it stopped)\n");
        assertThat(withTimeline(simple, timeline, false).unsent())
                .as("a run that was not stopped sends every arrival, late")
                .isZero();
        TimelinePoint slack = timeline.getLast();
        timeline.set(timeline.size() - 1, withOffered(slack, last.offered() + 10));
        assertThat(withTimeline(simple, timeline, true).unsent())
                .as("10 ms of arrivals at 1,000 req/s: the loops heard of the stop before their last timers")
                .isZero();
        assertThat(render(simple, false)).contains("  Offered       10,000, 1,000.0 req/s\n");
    }

    @Test
    void requestsSentLateAreSaidInTheSummaryAsTheVerdictSaysThem() {
        RunResult late = SampleResults.typical(); // a stall: schedule lag p99 287.23ms
        assertThat(Verdict.of(late, late.total()).notes())
                .contains("requests were sent late (schedule lag p99 287.23ms): " + Verdict.LATE_WHY);
        assertThat(render(late, false))
                .contains("\n  Sent late     schedule lag p99 287.23ms: gale was busy (or --burst held them back"
                        + " after a stall); response times include the delay\n  Transfer ");
        assertThat(render(HandMadeResults.simple(), false))
                .as("on time: schedule lag p99 98us")
                .doesNotContain("Sent late");
    }

    @Test
    void droppedRequestsAreSaidUnderTheResponseTimeTableToBeInNoneOfItsFigures() {
        // 217 of 1,000 dropped and a p99 of 50.75ms passing p99<100ms: nothing by the table said the figures
        // leave a fifth of the requests out, as its note says of timeouts that they are in them.
        RunResult typical = SampleResults.typical();
        assertThat(typical.total().dropped()).isZero();
        assertThat(render(typical, false)).doesNotContain("dropped");
        assertThat(HtmlReport.render(typical)).doesNotContain("dropped request");
        RunResult dropping = withExtra(typical, typical.plan(), 217, Map.of());
        assertThat(render(dropping, false))
                .contains(
                        "\n  (217 dropped requests (queue full) are in none of these figures: see Dropped; --threshold"
                                + " 'dropped==0' fails a run that drops any)\n\n");
        assertThat(HtmlReport.render(dropping))
                .contains("<p class=\"note\">Response time: 217 dropped requests (queue full) are in none of these"
                        + " figures: see dropped under Status codes and errors; --threshold &#39;dropped==0&#39;"
                        + " fails a run that drops any.</p>\n");

        // One, said in the singular; and a run that has a dropped threshold already needs no word about one.
        RunResult one = withExtra(typical, guarded(typical.plan(), "dropped<5"), 1, Map.of());
        assertThat(render(one, false))
                .contains("\n  (1 dropped request (queue full) is in none of these figures: see Dropped)\n")
                .doesNotContain("--threshold");
        assertThat(HtmlReport.render(one))
                .contains("<p class=\"note\">Response time: 1 dropped request (queue full) is in none of these"
                        + " figures: see dropped under Status codes and errors.</p>\n");
    }

    @Test
    void failedRequestsWithNoTimeAreSaidUnderTheResponseTimeTableToBeInNoneOfItsFigures() {
        // 200 req/s for 5 s, a tenth of them closed by the server after 1 s: 'p99 10.15ms ... max 15.73ms', and
        // p99<50ms and max<100ms passed, with nothing by the table to say that the 100 closed ones are in no figure.
        RunResult typical = SampleResults.typical();
        assertThat(typical.total().failures())
                .as("read timeouts only, in the figures at the time they waited")
                .isEqualTo(typical.total().timeouts())
                .isPositive();
        assertThat(render(typical, false)).doesNotContain("none of these figures");
        RunResult closed = withExtra(typical, typical.plan(), 0, Map.of(ErrorKind.CLOSED, 100L));
        assertThat(render(closed, false))
                .contains("\n  (100 failed requests (closed: 100) are in none of these figures: see Errors;"
                        + " --threshold 'error_rate==0' fails a run with any error)\n\n");
        assertThat(HtmlReport.render(closed))
                .contains("<p class=\"note\">Response time: 100 failed requests (closed: 100) are in none of these"
                        + " figures: see the errors under Status codes and errors; --threshold &#39;error_rate==0&#39;"
                        + " fails a run with any error.</p>\n");

        // With dropped requests, one note; the timeouts, in the figures, are said apart, and are not among them.
        RunResult simple = HandMadeResults.simple(); // 5 refused, 25 reset, 20 read timeouts, 10 dropped
        String both = "30 failed requests (connect_refused: 5, reset: 25) and 10 dropped (queue full) are in none of"
                + " these figures: ";
        assertThat(render(simple, false))
                .contains("\n  (20 of these 9,960 times are timeouts (0.20%), each the time it waited: a lower bound)\n"
                        + "  (" + both + "see Errors and Dropped; --threshold 'error_rate==0' fails a run with any"
                        + " error, 'dropped==0' one that drops any)\n\n");
        assertThat(HtmlReport.render(simple))
                .contains("<p class=\"note\">Response time: " + both + "see the errors and dropped under Status codes"
                        + " and errors; --threshold &#39;error_rate==0&#39; fails a run with any error, &#39;dropped==0&#39;"
                        + " one that drops any.</p>\n");

        // One, in the singular; a plan that judges its errors already needs no word about a threshold for them.
        RunResult one = withExtra(typical, guarded(typical.plan(), "errors<5"), 0, Map.of(ErrorKind.RESET, 1L));
        assertThat(render(one, false))
                .contains("\n  (1 failed request (reset: 1) is in none of these figures: see Errors)\n")
                .doesNotContain("--threshold");
        RunResult judged = withExtra(simple, guarded(simple.plan(), "error_rate<1%"), 0, Map.of());
        assertThat(render(judged, false))
                .contains("  (" + both + "see Errors and Dropped; --threshold 'dropped==0' fails a run that drops"
                        + " any)\n");
        // A threshold on one request's errors judges none of the others': the hint stays.
        RunResult oneJudged =
                withExtra(typical, guarded(typical.plan(), "GET /users:error_rate<1%"), 0, Map.of(ErrorKind.RESET, 1L));
        assertThat(render(oneJudged, false))
                .contains("(1 failed request (reset: 1) is in none of these figures: see Errors; --threshold"
                        + " 'error_rate==0' fails a run with any error)\n");
    }

    @Test
    void requestsCancelledWhenGaleStoppedAreSaidUnderTheResponseTimeTableToBeInNoneOfItsFigures() {
        // Ctrl-C while the target held every answer: 148 of 451 cancelled, and 'p99 6.59ms, Errors none' with
        // nothing by the table to say that a third of the requests, those it hung, are in no figure.
        RunResult typical = SampleResults.typical();
        RunResult stopped = withExtra(typical, typical.plan(), 0, Map.of(ErrorKind.CANCELLED, 148L));
        assertThat(render(stopped, false))
                .contains("\n  (148 cancelled when gale stopped (still out: however long they would have taken) are in"
                        + " none of these figures: see Cancelled)\n\n");
        assertThat(HtmlReport.render(stopped))
                .contains("<p class=\"note\">Response time: 148 cancelled when gale stopped (still out: however long"
                        + " they would have taken) are in none of these figures: see cancelled under Status codes and"
                        + " errors.</p>\n");
    }

    /** {@code r} run by {@code plan}, its first request with {@code dropped} more dropped and {@code failed} more. */
    private static RunResult withExtra(RunResult r, Plan plan, long dropped, Map<ErrorKind, Long> failed) {
        List<Stats> requests = new ArrayList<>(r.requests());
        long n = dropped + failed.values().stream().mapToLong(Long::longValue).sum();
        Stats extra = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                n,
                n - dropped,
                0,
                dropped,
                0,
                0,
                failed,
                Map.of());
        requests.set(0, requests.get(0).copy().add(extra));
        return SampleResults.copy(r).requests(requests).plan(plan).build();
    }

    /** {@code plan} with the thresholds {@code p99<1s} and {@code threshold}. */
    private static Plan guarded(Plan plan, String threshold) {
        return new Plan(
                plan.targets(),
                plan.requests(),
                plan.phases(),
                plan.threads(),
                List.of(Threshold.parse("p99<1s"), Threshold.parse(threshold)));
    }

    @Test
    void requestsSentLateAfterThePlanAreSaidOnceInTheOverranLineByTheSummaryAndTheVerdictAlike() {
        RunResult typical = SampleResults.typical(); // a stall: schedule lag p99 287.23ms
        long planned = typical.plan().measuredPlannedNanos();
        RunResult late = SampleResults.copy(typical)
                .measuredNanos(planned + 2_500_000_000L)
                .totalNanos(planned + 2_600_000_000L)
                .build();
        String overran = "sending took 12.50s, 2.50s more than planned (gale could not send them in time: schedule lag"
                + " p99 287.23ms); requests/s are per second of that, offered per planned second";
        assertThat(render(late, false))
                .contains("\n  Overran       " + overran + "\n  Transfer ")
                .doesNotContain("Sent late");
        assertThat(Verdict.of(late, late.total()).notes())
                .contains("overran: " + overran)
                .noneMatch(n -> n.contains("sent late"));
        // Requests that waited longer for a connection than gale was late: the waits are the cause.
        List<Stats> waited = List.of(
                late.requests().get(0).copy().withWaitedForConnection(49, 2_700_000_000L),
                late.requests().get(1),
                late.requests().get(2));
        RunResult queued = SampleResults.copy(late).requests(waited).build();
        assertThat(render(queued, false))
                .contains("\n  Overran       sending took 12.50s, 2.50s more than planned (they waited for connections"
                        + " to the target: 49 requests, the longest 2.70s); requests/s are per second of that, offered"
                        + " per planned second\n")
                .contains("  Sent late     schedule lag p99 287.23ms");
    }

    /** {@code p} with another offered load. */
    private static TimelinePoint withOffered(TimelinePoint p, double offered) {
        return new TimelinePoint(
                p.startSeconds(),
                p.endSeconds(),
                p.phase(),
                p.warmup(),
                p.total(),
                p.requests(),
                p.pools(),
                p.responseTimeHistogram(),
                p.serviceTimeHistogram(),
                p.requestHistograms(),
                offered,
                p.requestOffered(),
                p.targetPools(),
                p.otherKind());
    }

    private static RunResult withTimeline(RunResult r, List<TimelinePoint> timeline, boolean interrupted) {
        return SampleResults.copy(r).timeline(timeline).interrupted(interrupted).build();
    }

    @Test
    void responsesAfterClosedModelUsersStoppedAreCountedButInNoRate() {
        RunResult open = HandMadeResults.simple(); // 9,940 responses over 10 s
        Plan plan = open.plan();
        Plan users = new Plan(
                plan.targets(),
                plan.requests(),
                List.of(new Phase("main", LoadModel.Closed.connections(64), Duration.ofSeconds(10), 0, false)),
                plan.threads());
        RunResult simple = SampleResults.copy(open).plan(users).build();
        assertThat(simple.total().responses()).isEqualTo(9_940);
        List<Stats> requests = List.of(simple.requests().get(0).copy().withAnsweredAfterEnd(940));
        RunResult late = SampleResults.copy(simple).requests(requests).build();

        assertThat(late.achievedRate()).isEqualTo(900.0);
        assertThat(render(late, false))
                .contains("  Requests      9,940 in 10.00s, 900.0 req/s (940 of them answered after the users had"
                        + " stopped: in no rate, as in wrk)\n");
        assertThat(render(simple, false)).contains("  Requests      9,940 in 10.00s, 994.0 req/s\n");
        RunResult fewLate = SampleResults.copy(simple)
                .requests(List.of(simple.requests().get(0).copy().withAnsweredAfterEnd(99)))
                .build();
        assertThat(render(fewLate, false))
                .as("the users' last round of a fast server, 1% of the responses: said all the same, since it is why"
                        + " 9,940 in 10 s is not 994 req/s")
                .contains("  Requests      9,940 in 10.00s, 984.1 req/s (99 of them answered after the users had"
                        + " stopped: in no rate, as in wrk)\n");
        assertThat(render(SampleResults.copy(fewLate).interrupted(true).build(), false))
                .as("a closed model stopped by Ctrl-C: its window ended at the stop")
                .contains("(99 of them answered after the stop: in no rate, as in wrk)\n");
    }

    @Test
    void openModelResponsesAfterTheMeasuredTimeAreCountedButInNoRateSaidAsTheMeasuredTimeEnded() {
        RunResult simple = HandMadeResults.simple(); // open model, 9,940 responses over 10 s
        List<Stats> requests = List.of(simple.requests().get(0).copy().withAnsweredAfterEnd(940));
        RunResult late = SampleResults.copy(simple).requests(requests).build();

        assertThat(late.achievedRate()).isEqualTo(900.0);
        assertThat(render(late, false))
                .as("sent in time, answered after the planned 10 s")
                .contains("  Requests      9,940 in 10.00s, 900.0 req/s (940 of them answered after the plan's end:"
                        + " in no rate, as in wrk)\n");
        RunResult overran =
                SampleResults.copy(late).measuredNanos(12_500_000_000L).build();
        assertThat(render(overran, false))
                .as("sending ran 2.5 s over: the measured time ends at the last send")
                .contains("  Requests      9,940 in 12.50s, 720.0 req/s (940 of them answered after the last send:"
                        + " in no rate, as in wrk)\n");
        // A cool-down (a warm-up after the measured phase) still ran when the measured time ended.
        Plan plan = late.plan();
        List<Phase> withCooldown = new java.util.ArrayList<>(plan.phases());
        withCooldown.add(new Phase("cool-down", LoadModel.Open.constant(10), java.time.Duration.ofSeconds(2), 0, true));
        RunResult cooled = SampleResults.copy(late)
                .plan(new Plan(
                        plan.targets(), plan.requests(), withCooldown, plan.threads(), plan.thresholds(), plan.name()))
                .build();
        assertThat(render(cooled, false))
                .contains("(940 of them answered after the measured phases' end: in no rate, as in wrk)\n");
        RunResult stopped = SampleResults.copy(late)
                .measuredNanos(4_000_000_000L)
                .interrupted(true)
                .build();
        assertThat(render(stopped, false))
                .contains("  Requests      9,940 in 4.00s, 2,250.0 req/s (940 of them answered after the stop: in no"
                        + " rate, as in wrk)\n");
    }

    @Test
    void noStatusesAndNoErrorsSayNone() {
        assertThat(TextReport.statuses(Map.of())).isEqualTo("none");
        assertThat(TextReport.errors(new Stats())).isEqualTo("none");
    }

    @Test
    void statusesAreListedInCodeOrderWithSeparators() {
        Map<Integer, Long> statuses = new TreeMap<>(Map.of(503, 12L, 200, 1_234_567L, 404, 3L));
        assertThat(TextReport.statuses(statuses)).isEqualTo("200: 1,234,567, 404: 3, 503: 12");
    }

    @Test
    void errorsAreListedByKindWithTheirShareOfCompletedRequests() {
        RequestRecorder r = new RequestRecorder();
        for (int i = 0; i < 400; i++) {
            r.recordScheduled(0, 0);
        }
        // 300 completed, 100 still in flight: 3 errors are 1% of the requests whose outcome is known.
        r.recordFailure(ErrorKind.RESET, 0, 0, 1, 0);
        r.recordResponse(500, false, 0, 0, 1, 0);
        r.recordResponse(500, false, 0, 0, 1, 0);
        for (int i = 0; i < 297; i++) {
            r.recordResponse(200, true, 0, 0, 1, 0);
        }
        Stats s = new Stats();
        r.cut();
        r.addCutTo(s);
        assertThat(TextReport.errors(s)).isEqualTo("reset: 1, status: 2 (1.00% of requests)");
    }
}
