package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunContextTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Target API = new Target("api", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
    private static final Target OTHER = new Target(
            "other", "https", "other.test", 443, ConnectionSettings.defaults().withKeepAlive(false));

    private static Phase phase(String name, LoadModel load, Long seconds, long requests, boolean warmup) {
        return new Phase(name, load, seconds == null ? null : Duration.ofSeconds(seconds), requests, warmup);
    }

    /** The context of a plan of one request, GET / of {@link #API}, run by {@code loops} event loops. */
    private static RunContext context(int loops, Phase... phases) {
        return new RunContext(
                new Plan(List.of(API), List.of(RequestSpec.get("home", "api", "/")), List.of(phases), loops), loops);
    }

    /** warm-up 2 s, main 10 s, then a last phase bounded by 1000 requests at 300/s. */
    private static RunContext threePhases() {
        return context(
                1,
                phase("warm", LoadModel.Closed.connections(4), 2L, 0, true),
                phase("main", LoadModel.Open.constant(100), 10L, 0, false),
                phase("tail", LoadModel.Open.constant(300), null, 1000, false));
    }

    @Test
    void requestsStillSentAfterThePlanLengthenTheMeasuredTime() {
        // 1,000,000 requests planned over 5 s went out over 8 s (gale and the target could not keep up), and the
        // summary said "1,000,000 in 5.00s, 200,000.0 req/s".
        RunContext ctx = context(1, phase("main", LoadModel.Open.constant(200_000), 5L, 0, false));
        assertThat(ctx.measuredNanos(5 * SECOND, false, 7_970_000_000L)).isEqualTo(7_970_000_000L);
        // Sent in time, and only answered later: the plan's 5 s.
        assertThat(ctx.measuredNanos(5 * SECOND, false, 4_999_000_000L)).isEqualTo(5 * SECOND);
        // A stopped run stops at the stop, whatever went out.
        assertThat(ctx.measuredNanos(2 * SECOND, true, 7 * SECOND)).isEqualTo(2 * SECOND);
        // Only the last phase can run over: the others end when the next begins.
        RunContext two = context(
                1,
                phase("a", LoadModel.Open.constant(100), 2L, 0, false),
                phase("b", LoadModel.Open.constant(100), 3L, 0, false));
        assertThat(two.measuredNanos(5 * SECOND, false, 6 * SECOND)).isEqualTo(6 * SECOND);
        // A send a few milliseconds late is on time: 49,998 req/s for a 50,000 req/s plan was no finding.
        assertThat(ctx.measuredNanos(5 * SECOND, false, 5_040_000_000L)).isEqualTo(5 * SECOND);
        // A closed model has no schedule to run over: its users are measured for the duration, as wrk's are.
        RunContext closed = context(1, phase("users", LoadModel.Closed.connections(64), 2L, 0, false));
        assertThat(closed.measuredNanos(2 * SECOND, false, 3 * SECOND)).isEqualTo(2 * SECOND);
        // Several targets, each behind its own bulkhead: one slow target's late sends must not stretch the others'.
        RunContext twoTargets = new RunContext(
                new Plan(
                        List.of(API, OTHER),
                        List.of(RequestSpec.get("home", "api", "/"), RequestSpec.get("away", "other", "/")),
                        List.of(phase("main", LoadModel.Open.constant(300), 3L, 0, false)),
                        1),
                1);
        assertThat(twoTargets.measuredNanos(3 * SECOND, false, 4_600_000_000L)).isEqualTo(3 * SECOND);
    }

    @Test
    void theMeasuredTimeEndsWhereTheMeasuredNanosCountItToTheLastPhasesEnd() {
        RunContext ctx = context(1, phase("main", LoadModel.Open.constant(2_000), 30L, 0, false));
        // Sending ran over: the time runs until the last answered send, and so does the window of the rates.
        assertThat(ctx.measuredEndNanos(30 * SECOND, false, 32_250_000_000L)).isEqualTo(32_250_000_000L);
        assertThat(ctx.measuredNanos(30 * SECOND, false, 32_250_000_000L)).isEqualTo(32_250_000_000L);
        // Sent in time: the plan's end, however late the loops noticed it.
        assertThat(ctx.measuredEndNanos(30_002_000_000L, false, 29_999_000_000L))
                .isEqualTo(30 * SECOND);
        // Stopped: at the stop.
        assertThat(ctx.measuredEndNanos(7 * SECOND, true, 6 * SECOND)).isEqualTo(7 * SECOND);
        assertThat(ctx.earliestMeasuredEndNanos()).isEqualTo(30 * SECOND);
        assertThat(ctx.lastMeasuredPhase).isZero();
    }

    @ParameterizedTest(name = "stopped after {0} ns: the measured time ends at {1}")
    @CsvSource({
        // elapsed nanos, end nanos (warm-up 2 s, main 10 s, a tail of 1000 requests at 300/s)
        "1000000000, " + Long.MAX_VALUE, // within the warm-up: nothing measured, nothing after it
        "7000000000, 7000000000", //        in the main phase: at the stop
        "13000000000, 13000000000", //      in the tail
        "20000000000, 15333333333", //      the tail is over: when its 1000 requests' schedule ends
    })
    void aStoppedRunsMeasuredTimeEndsAtTheStopWithinTheLastPhaseItReached(long elapsedNanos, long endNanos) {
        RunContext ctx = threePhases();
        assertThat(ctx.measuredEndNanos(elapsedNanos, true, 0)).isEqualTo(endNanos);
        assertThat(ctx.earliestMeasuredEndNanos())
                .as("no end of a run that reached the tail comes before its planned end, but a stop")
                .isEqualTo(15_333_333_333L);
    }

    @Test
    void theMeasuredTimeEndsWithTheLastMeasuredPhaseBeforeATrailingWarmUp() {
        RunContext ctx = context(
                1,
                phase("main", LoadModel.Open.constant(100), 4L, 0, false),
                phase("cool", LoadModel.Open.constant(10), 2L, 0, true));
        assertThat(ctx.lastMeasuredPhase).isZero();
        assertThat(ctx.earliestMeasuredEndNanos()).isEqualTo(4 * SECOND);
        assertThat(ctx.measuredEndNanos(6 * SECOND, false, 5 * SECOND)).isEqualTo(4 * SECOND);
    }

    @Test
    void aLastPhaseOfUnknownLengthEndsWhenItsScheduleIsOverOrAtItsDuration() {
        LoadModel.Open poisson = new LoadModel.Open(1000, 1000, LoadModel.Arrivals.POISSON, 7, 0);
        RunContext limited = limited(poisson, 3L, 500);
        assertThat(limited.measuredEndNanos(512_000_000L, false, 511_000_000L)).isEqualTo(512_000_000L);
        assertThat(limited.earliestMeasuredEndNanos())
                .as("its duration, if the limit is not reached first")
                .isEqualTo(3 * SECOND);
        RunContext unbounded = limited(poisson, null, 500);
        assertThat(unbounded.earliestMeasuredEndNanos())
                .as("no plan places it: the loops note from the end of their schedules")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void phasesFollowEachOther() {
        RunContext ctx = threePhases();
        assertThat(ctx.phaseStartNanos).containsExactly(0, 2 * SECOND, 12 * SECOND);
        // 1000 requests at 300/s: the last one is due at 999/300 s, the phase lasts 1000/300 s, until the 1001st
        // would be due (to the nanosecond below, as the schedule places it).
        assertThat(ctx.phaseLengthNanos).containsExactly(2 * SECOND, 10 * SECOND, 3_333_333_333L);
    }

    @ParameterizedTest(name = "{0} ns after the start: phase {1}")
    @CsvSource({
        // elapsed nanos, phase index
        "0, 0", //                        the first instant
        "1999999999, 0", //               the last nanosecond of the warm-up
        "2000000000, 1", //               the main phase starts on time
        "11999999999, 1", //
        "12000000000, 2", //              the tail
        "999000000000, 2", //             long after the end: the last phase
        "-5, 0", //                       before the start: the first phase
    })
    void findsThePhaseRunningAtAnInstant(long elapsedNanos, int phase) {
        assertThat(threePhases().phaseAt(elapsedNanos)).isEqualTo(phase);
    }

    @ParameterizedTest(name = "stopped after {0} ns: {1} ns measured")
    @CsvSource({
        // elapsed nanos, measured nanos (the warm-up does not count)
        "0, 0", //
        "1000000000, 0", //               within the warm-up
        "2000000000, 0", //               the warm-up just ended
        "7000000000, 5000000000", //      half of the main phase
        "12000000000, 10000000000", //    the whole main phase
        "13000000000, 11000000000", //    and a second of the tail
        "20000000000, 13333333333", //    the tail is over: the 1000/300 s its 1000 requests take (up to the ns), not
        // the elapsed time
    })
    void measuredTimeExcludesWarmUpAndStopsAtEachPhaseEnd(long elapsedNanos, long measuredNanos) {
        assertThat(threePhases().measuredNanos(elapsedNanos, true, 0)).isEqualTo(measuredNanos);
    }

    /** One open phase at {@code rate} ({@code from..rate} ramps), with a request limit and maybe a duration. */
    private static RunContext limited(LoadModel.Open load, Long seconds, long requests) {
        return context(2, phase("main", load, seconds, requests, false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the run | load: rate from, to, arrivals | duration s | limit | schedule done at ns | measured ns
                // The last of 500 requests at 1,000 req/s is due at 499 ms; the schedule gives the 500 requests
                // 500 ms, as -n alone plans it and as -d 500ms measures it, whenever gale noticed it was done.
                "-R 1000 -n 500|1000|1000|UNIFORM||500|499300000|500000000",
                "-R 1000 -n 500 (noticed late)|1000|1000|UNIFORM||500|500700000|500000000",
                "-R 1000 -n 500 -d 3s|1000|1000|UNIFORM|3|500|499300000|500000000",
                "-R 1000 -n 500 -d 3s (noticed late)|1000|1000|UNIFORM|3|500|500700000|500000000",
                // Both end at 1 s.
                "-R 1000 -n 1000 -d 1s|1000|1000|UNIFORM|1|1000|999300000|1000000000",
                // The duration comes first: 1,000 requests would need 10 s.
                "-R 100 -n 1000 -d 2s|100|100|UNIFORM|2|1000|2000100000|2000000000",
                // A ramp from 100 to 300 req/s over 10 s offers 100 t + 10 t^2 requests by t: 240 by 2 s.
                "-R 100..300 -n 240 -d 10s|100|300|UNIFORM|10|240|1990000000|2000000000",
                // 100 t + 5 t^2 by t: 800 by sqrt(260) - 10 s.
                "-R 100..200 -n 800 -d 10s|100|200|UNIFORM|10|800|6124000000|6124515496",
                // No plan says when the 500th Poisson arrival comes: measured until it was sent.
                "-R 1000 -n 500 -d 3s --arrivals poisson|1000|1000|POISSON|3|500|512000000|512000000",
            })
    void aPhaseEndedByItsRequestLimitIsMeasuredForTheTimeItsScheduleGivesThem(
            String run,
            double from,
            double to,
            LoadModel.Arrivals arrivals,
            Long seconds,
            long requests,
            long doneNanos,
            long measuredNanos) {
        LoadModel.Open load = new LoadModel.Open(from, to, arrivals, 7, 0);
        RunContext ctx = limited(load, seconds, requests);
        assertThat(ctx.measuredNanos(doneNanos, false, 0)).isEqualTo(measuredNanos);
        if (arrivals == LoadModel.Arrivals.UNIFORM) {
            // The plan knows that length in advance, and every report takes it from the plan: the two agree.
            assertThat(ctx.plan.phaseNanos(0)).isEqualTo(measuredNanos);
        }
    }

    @Test
    void aRunStoppedBeforeItsRequestLimitIsMeasuredUntilTheStop() {
        RunContext ctx = limited(LoadModel.Open.constant(1000), 3L, 500);
        assertThat(ctx.measuredNanos(300_000_000L, true, 0)).isEqualTo(300_000_000L);
    }

    @Test
    void aClosedPhaseEndedByItsRequestLimitIsMeasuredUntilItsLastRequestWasSent() {
        RunContext ctx = context(1, phase("users", LoadModel.Closed.connections(8), 3L, 500, false));
        assertThat(ctx.measuredNanos(420_000_000L, false, 0)).isEqualTo(420_000_000L);
    }

    @Test
    void phasesThatEndOnlyWithTheirRequestsAreUnbounded() {
        RunContext ctx = context(
                1,
                phase("users", LoadModel.Closed.connections(8), null, 500, false),
                phase("after", LoadModel.Open.constant(10), 5L, 0, false));
        assertThat(ctx.phaseLengthNanos[0]).isEqualTo(Long.MAX_VALUE);
        assertThat(ctx.phaseStartNanos[1]).isEqualTo(Long.MAX_VALUE);
        assertThat(ctx.closedBudgets[0]).hasValue(500);
        assertThat(ctx.closedBudgets[1]).isNull();
        assertThat(ctx.measuredNanos(42 * SECOND, false, 0)).isEqualTo(42 * SECOND);
    }

    @Test
    void encodesEachRequestOnceForItsTargetAndMixesByWeight() {
        RequestSpec home = new RequestSpec("home", "api", "GET", "/", List.of(), null, StatusSet.parse("2xx"), 3, 0);
        RequestSpec login = new RequestSpec(
                "login",
                "other",
                "POST",
                "/login",
                List.of(new Header("X-A", "1")),
                "hi".getBytes(StandardCharsets.UTF_8),
                StatusSet.SUCCESS,
                1,
                0);
        RequestSpec probe = new RequestSpec("probe", "api", "HEAD", "/p", List.of(), null, StatusSet.SUCCESS, 1, 0);
        RunContext ctx = new RunContext(
                new Plan(
                        List.of(API, OTHER),
                        List.of(home, login, probe),
                        List.of(phase("main", LoadModel.Open.constant(10), 1L, 0, false)),
                        1),
                1);
        assertThat(ctx.requestCount).isEqualTo(3);
        assertThat(ctx.requestTarget).containsExactly(0, 1, 0);
        assertThat(ctx.head).containsExactly(false, false, true);
        assertThat(ctx.expected[0].contains(299)).isTrue();
        assertThat(ctx.expected[0].contains(300)).isFalse();
        assertThat(new String(ctx.requestBytes[0], StandardCharsets.ISO_8859_1))
                .isEqualTo("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
        // The other target has keep-alive off: its requests say so.
        assertThat(new String(ctx.requestBytes[1], StandardCharsets.ISO_8859_1))
                .isEqualTo("POST /login HTTP/1.1\r\n"
                        + "Host: other.test\r\nX-A: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
        // Weights 3:1:1: every 5 arrivals of a loop, 3, 1 and 1.
        assertThat(ctx.mix.shares()).containsExactly(0.6, 0.2, 0.2);
        MixCursor loop = ctx.mix.cursor(0, 1);
        int[] sent = new int[3];
        for (int n = 0; n < 5; n++) {
            sent[loop.next()]++;
        }
        assertThat(sent).containsExactly(3, 1, 1);
    }
}
