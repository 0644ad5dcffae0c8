package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlanTest {
    private static final ConnectionSettings DEFAULTS = ConnectionSettings.defaults();
    private static final Target TARGET = new Target("api", "http", "127.0.0.1", 8080, DEFAULTS);
    private static final RequestSpec GET = RequestSpec.get("home", "api", "/");
    private static final Phase MAIN = new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(10), 0, false);

    private static Plan valid() {
        return new Plan(List.of(TARGET), List.of(GET), List.of(MAIN), 2);
    }

    private static Plan withTarget(ConnectionSettings c) {
        return new Plan(List.of(new Target("api", "http", "127.0.0.1", 8080, c)), List.of(GET), List.of(MAIN), 2);
    }

    private static Plan withRequest(RequestSpec r) {
        return new Plan(List.of(TARGET), List.of(r), List.of(MAIN), 2);
    }

    private static Plan withPhase(Phase p) {
        return new Plan(List.of(TARGET), List.of(GET), List.of(p), 2);
    }

    private static RequestSpec request(String method, String path, double weight) {
        return new RequestSpec("home", "api", method, path, List.of(), null, StatusSet.SUCCESS, weight, 0);
    }

    private static Phase phase(LoadModel load, Duration d, long requests) {
        return new Phase("main", load, d, requests, false);
    }

    private static LoadModel.Open open(double from, double to, int burst) {
        return new LoadModel.Open(from, to, LoadModel.Arrivals.UNIFORM, 0, burst);
    }

    @Test
    void aLastPhaseThatItsRequestLimitEndsFirstIsPlannedThatLong() {
        // -R 100 -n 50 -d 2s: the dry-run said "total 2s" and the run said "Running 2s test", then ended at 0.5 s.
        Phase limited = new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(2), 50, false);
        assertThat(withPhase(limited).plannedNanos()).isEqualTo(500_000_000L);
        // Not first: the phase after it starts at 2 s as planned.
        Phase next = new Phase("next", LoadModel.Open.constant(100), Duration.ofSeconds(1), 0, false);
        Plan two = new Plan(List.of(TARGET), List.of(GET), List.of(limited, next), 2);
        assertThat(two.plannedNanos()).isEqualTo(3_000_000_000L);
        assertThat(two.phaseStartsNanos()).containsExactly(0L, 2_000_000_000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the run | rate from, to, arrivals or closed | duration s | limit | planned ns
                // The first arrival over the limit, the 51st, is due at 50 / 100 s.
                "-R 100 -n 50 -d 2s|100|100|UNIFORM|2|50|500000000",
                // 1000 / 300 s, truncated to the nanosecond as the schedule places arrival 1000.
                "-R 300 -n 1000|300|300|UNIFORM||1000|3333333333",
                // 100 t + 5 t^2 arrivals by t: 800 by sqrt(260) - 10 s. The plan said 10 s, so a run that sent them
                // late reported 94 req/s offered where 131 were due, and no overrun.
                "-R 100..200 -n 800 -d 10s|100|200|UNIFORM|10|800|6124515496",
                // 10 t^2 by t: 100 by sqrt(10) s.
                "-R 0..200 -n 100 -d 10s|0|200|UNIFORM|10|100|3162277660",
                // Down: 200 t - 5 t^2 by t, 800 by 20 - sqrt(240) s.
                "-R 200..100 -n 800 -d 10s|200|100|UNIFORM|10|800|4508066615",
                // The duration comes first: the ramp offers 300 requests in its 2 s.
                "-R 100..200 -n 800 -d 2s|100|200|UNIFORM|2|800|2000000000",
                // No plan knows when the 50th Poisson arrival or closed-model request comes: the duration bounds it.
                "-R 100 -n 50 -d 2s --arrivals poisson|100|100|POISSON|2|50|2000000000",
                "-R 100..200 -n 800 -d 10s --arrivals poisson|100|200|POISSON|10|800|10000000000",
                "-c 8 -n 50 -d 2s|8|8|CLOSED|2|50|2000000000",
            })
    void aLastPhaseIsPlannedUntilItsDurationOrTheArrivalOverItsLimitIsDue(
            String run, double from, double to, String arrivals, Long seconds, long requests, long plannedNanos) {
        LoadModel load = arrivals.equals("CLOSED")
                ? LoadModel.Closed.connections((int) from)
                : new LoadModel.Open(from, to, LoadModel.Arrivals.valueOf(arrivals), 7, 0);
        Duration duration = seconds == null ? null : Duration.ofSeconds(seconds);
        Plan plan = withPhase(phase(load, duration, requests));
        assertThat(plan.plannedNanos()).isEqualTo(plannedNanos);
        assertThat(plan.measuredPlannedNanos()).isEqualTo(plannedNanos);
        assertThat(plan.phaseNanos(0)).isEqualTo(plannedNanos);
        if (load instanceof LoadModel.Open o && o.arrivals() == LoadModel.Arrivals.UNIFORM) {
            // Evenly spaced: the schedule's own instant for the first arrival over the limit, if within the duration.
            long lengthNanos = duration == null ? Long.MAX_VALUE : duration.toNanos();
            long due = RateCurve.linear(from, to, lengthNanos).timeOf(requests);
            assertThat(Math.min(lengthNanos, due)).isEqualTo(plannedNanos);
        }
    }

    private static Arguments problem(String description, Plan plan, String message) {
        return Arguments.of(description, plan, message);
    }

    static Stream<Arguments> plansWithOneProblem() {
        Duration ten = Duration.ofSeconds(10);
        return Stream.of(
                problem(
                        "no threads",
                        new Plan(List.of(TARGET), List.of(GET), List.of(MAIN), 0),
                        "threads must be >= 1 (got 0)"),
                problem(
                        "no connections",
                        withTarget(DEFAULTS.withMaxConnections(0)),
                        "target 'api': max connections must be >= 1 (got 0)"),
                problem(
                        "zero connect timeout",
                        withTarget(DEFAULTS.withConnectTimeout(Duration.ZERO)),
                        "target 'api': connect timeout must be > 0 (got PT0S)"),
                problem(
                        "negative read timeout",
                        withTarget(DEFAULTS.withReadTimeout(Duration.ofSeconds(-1))),
                        "target 'api': read timeout must be > 0 (got PT-1S)"),
                problem(
                        "no acquire timeout",
                        withTarget(DEFAULTS.withAcquireTimeout(null)),
                        "target 'api': acquire timeout must be > 0 (got null)"),
                problem(
                        "zero request timeout",
                        withTarget(DEFAULTS.withRequestTimeout(Duration.ZERO)),
                        "target 'api': request timeout must be > 0 (got PT0S)"),
                problem(
                        // A plan built in code is held to the hour its histograms end at, as flags and plan files are.
                        "request timeout over an hour",
                        withTarget(DEFAULTS.withRequestTimeout(Duration.ofHours(2))),
                        "target 'api': request timeout: 2h is longer than 1h, the longest timeout (gale measures"
                                + " latencies up to an hour)"),
                problem(
                        "connect timeout over an hour",
                        withTarget(DEFAULTS.withConnectTimeout(Duration.ofMinutes(61))),
                        "target 'api': connect timeout: 1h1m is longer than 1h, the longest timeout (gale measures"
                                + " latencies up to an hour)"),
                problem(
                        "read timeout over an hour",
                        withTarget(DEFAULTS.withReadTimeout(Duration.ofMinutes(90))),
                        "target 'api': read timeout: 1h30m is longer than 1h, the longest timeout (gale measures"
                                + " latencies up to an hour)"),
                problem(
                        "acquire timeout over an hour",
                        withTarget(
                                DEFAULTS.withAcquireTimeout(Duration.ofHours(1).plusMillis(1))),
                        "target 'api': acquire timeout: 1h0m0.001s is longer than 1h, the longest timeout (gale"
                                + " measures latencies up to an hour)"),
                problem(
                        "zero idle timeout",
                        withTarget(DEFAULTS.withIdleTimeout(Duration.ZERO)),
                        "target 'api': idle timeout must be > 0 (got PT0S)"),
                problem(
                        "negative cooldown",
                        withTarget(DEFAULTS.withCooldown(Duration.ofMillis(-5))),
                        "target 'api': cooldown must be >= 0 (got PT-0.005S)"),
                problem(
                        "negative queue",
                        withTarget(DEFAULTS.withQueueCapacity(-1)),
                        "target 'api': queue capacity must be >= 0 (got -1)"),
                problem(
                        "unknown target",
                        withRequest(RequestSpec.get("home", "nope", "/")),
                        "request 'home': unknown target 'nope'"),
                problem(
                        "method with a space",
                        withRequest(request("BAD METHOD", "/", 1)),
                        "request 'home': method 'BAD METHOD' is not an HTTP token"),
                problem(
                        "empty method",
                        withRequest(request("", "/", 1)),
                        "request 'home': method '' is not an HTTP token"),
                problem(
                        "relative path",
                        withRequest(request("GET", "health", 1)),
                        "request 'home': path must start with '/' (got 'health')"),
                problem(
                        "zero weight",
                        withRequest(request("GET", "/", 0)),
                        "request 'home': weight must be > 0 (got 0.0)"),
                problem(
                        "NaN weight",
                        withRequest(request("GET", "/", Double.NaN)),
                        "request 'home': weight must be > 0 (got NaN)"),
                problem(
                        "infinite weight",
                        withRequest(request("GET", "/", Double.POSITIVE_INFINITY)),
                        "request 'home': weight must be at most 1e9 (got Infinity); weights count only relative"
                                + " to each other"),
                problem(
                        // Three of them overflowed their sum: the mix showed NaN% and sent only the first.
                        "huge weight",
                        withRequest(request("GET", "/", 1e308)),
                        "request 'home': weight must be at most 1e9 (got 1.0E308); weights count only relative"
                                + " to each other"),
                problem(
                        // stages: [{duration: 1s, rate: 0}, {duration: 1s, rate: 0}] ran 2 s doing nothing
                        "every phase at a rate of 0",
                        new Plan(
                                List.of(TARGET),
                                List.of(GET),
                                List.of(
                                        new Phase("a", open(0, 0, 0), Duration.ofSeconds(1), 0, false),
                                        new Phase("b", open(0, 0, 0), Duration.ofSeconds(1), 0, false)),
                                2),
                        "every phase's rate is 0: no request would be sent; give a phase a rate above 0"),
                problem(
                        "zero duration",
                        withPhase(phase(LoadModel.Open.constant(1), Duration.ZERO, 0)),
                        "phase 'main': duration must be > 0 (got PT0S)"),
                problem(
                        "negative requests",
                        withPhase(phase(LoadModel.Open.constant(1), ten, -1)),
                        "phase 'main': requests must be >= 0 (got -1)"),
                problem(
                        "no end",
                        withPhase(phase(LoadModel.Open.constant(1), null, 0)),
                        "phase 'main': give a duration or a number of requests"),
                problem(
                        "negative rate",
                        withPhase(phase(open(-1, -1, 0), ten, 0)),
                        "phase 'main': rate must be >= 0 (got -1.0..-1.0)"),
                problem(
                        "NaN rate",
                        withPhase(phase(open(Double.NaN, 5, 0), ten, 0)),
                        "phase 'main': rate must be >= 0 (got NaN..5.0)"),
                problem(
                        "infinite rate",
                        withPhase(phase(open(1, Double.POSITIVE_INFINITY, 0), ten, 0)),
                        "phase 'main': rate must be at most 1e9 req/s, one per nanosecond (got Infinity)"),
                problem(
                        "zero rate alone",
                        withPhase(phase(LoadModel.Open.constant(0), ten, 0)),
                        "phase 'main': rate must be > 0 (got 0). Omit the rate to run a closed model"),
                problem(
                        "ramp bounded by requests only",
                        withPhase(phase(open(1, 10, 0), null, 100)),
                        "phase 'main': a ramp needs a duration"),
                problem(
                        "negative burst",
                        withPhase(phase(open(10, 10, -1), ten, 0)),
                        "phase 'main': burst must be >= 0 (got -1)"),
                problem(
                        "a tick as long as the phase, in the durations users write",
                        withPhase(phase(
                                new LoadModel.Open(10, 10, LoadModel.Arrivals.UNIFORM, 0, 0, 20_000_000_000L),
                                Duration.ofMillis(1500),
                                0)),
                        "phase 'main': tick 20s is not shorter than the phase (1500ms): all its arrivals would go at"
                                + " its start; use a tick well under it, such as 1ms to 10ms"),
                problem(
                        "negative users",
                        withPhase(phase(new LoadModel.Closed(-1, 5), ten, 0)),
                        "phase 'main': connections must be >= 1 (got -1..5)"),
                problem(
                        "no users",
                        withPhase(phase(LoadModel.Closed.connections(0), ten, 0)),
                        "phase 'main': connections must be >= 1 (got 0)"),
                problem(
                        "user ramp bounded by requests only",
                        withPhase(phase(new LoadModel.Closed(1, 9), null, 50)),
                        "phase 'main': a ramp of connections needs a duration"));
    }

    @Test
    void theWordsForTheHighestRateNameTheHighestRate() {
        // Every problem with a rate above the limit gives these words, so the number in them is the limit's.
        assertThat(Plan.MAX_RATE_STATED).matches("at most \\S+ req/s, one per nanosecond");
        assertThat(Double.parseDouble(Plan.MAX_RATE_STATED.split(" ")[2])).isEqualTo(Plan.MAX_RATE);
    }

    @Test
    void timeoutsOfAnHourAreTheLongestAccepted() {
        Duration hour = ConnectionSettings.MAX_TIMEOUT;
        Plan plan = withTarget(DEFAULTS.withRequestTimeout(hour)
                .withConnectTimeout(hour)
                .withReadTimeout(hour)
                .withAcquireTimeout(hour)
                // Not a latency: an idle connection may be kept longer.
                .withIdleTimeout(Duration.ofHours(2)));
        assertThat(plan.validate()).isSameAs(plan);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plansWithOneProblem")
    void reportsEachProblemInOneLine(String description, Plan plan, String message) {
        assertThatThrownBy(plan::validate)
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly(message))
                .hasMessage(message);
    }

    @Test
    void aValidPlanValidatesToItself() {
        Plan plan = valid();
        assertThat(plan.validate()).isSameAs(plan);
    }

    @Test
    void acceptsWhatIsUnusualButValid() {
        UnaryOperator<Plan> ok = Plan::validate;
        // A phase bounded by requests alone; a ramp down to zero; a closed ramp from zero; zero cooldown and queue.
        ok.apply(withPhase(phase(LoadModel.Open.constant(50), null, 1000)));
        ok.apply(withPhase(phase(open(100, 0, 0), Duration.ofSeconds(5), 0)));
        ok.apply(withPhase(phase(new LoadModel.Closed(0, 10), Duration.ofSeconds(5), 0)));
        ok.apply(withTarget(DEFAULTS.withCooldown(Duration.ZERO).withQueueCapacity(0)));
        // A pause between two phases: zero rate is fine when it is not the only phase.
        ok.apply(new Plan(
                List.of(TARGET),
                List.of(GET),
                List.of(MAIN, new Phase("pause", LoadModel.Open.constant(0), Duration.ofSeconds(1), 0, false), MAIN),
                1));
    }

    @Test
    void reportsEveryProblemAtOnceInOrder() {
        Plan plan = new Plan(
                List.of(
                        new Target("api", "http", "h", 80, DEFAULTS.withMaxConnections(0)),
                        new Target("api", "http", "h2", 80, DEFAULTS)),
                List.of(RequestSpec.get("a", "api", "x"), RequestSpec.get("a", "other", "/")),
                List.of(phase(LoadModel.Open.constant(-5), null, 0)),
                0);
        assertThatThrownBy(plan::validate)
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "threads must be >= 1 (got 0)",
                                        "target 'api': max connections must be >= 1 (got 0)",
                                        "target 'api': the name is used twice; target names must be unique",
                                        "request 'a': path must start with '/' (got 'x')",
                                        "request 'a': the name is used twice; request names must be unique",
                                        "request 'a': unknown target 'other'",
                                        "phase 'main': give a duration or a number of requests",
                                        "phase 'main': rate must be >= 0 (got -5.0..-5.0)"));
    }

    @Test
    void ratesAndConnectionsBeyondWhatTheEngineCanDoAreInvalid() {
        assertThatThrownBy(() -> withPhase(phase(LoadModel.Open.constant(1e300), Duration.ofSeconds(1), 0))
                        .validate())
                .hasMessageContaining("rate must be at most 1e9 req/s, one per nanosecond (got 1.0E300)");
        assertThatThrownBy(() -> withPhase(phase(new LoadModel.Closed(1, 70_000), Duration.ofSeconds(1), 0))
                        .validate())
                .hasMessageContaining(
                        "connections must be at most 65535, the TCP ports of one client address (got 70000)");
        assertThatThrownBy(() -> withTarget(DEFAULTS.withMaxConnections(65_536)).validate())
                .hasMessageContaining("max connections must be at most 65535");
        withPhase(phase(LoadModel.Open.constant(1e9), Duration.ofSeconds(1), 0)).validate();
        withTarget(DEFAULTS.withMaxConnections(65_535)).validate();
    }

    @Test
    void moreRequestsThanTheEngineCanTagAreInvalid() {
        List<RequestSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i <= Plan.MAX_REQUESTS; i++) {
            many.add(RequestSpec.get("r" + i, TARGET.name(), "/"));
        }
        assertThatThrownBy(() -> new Plan(List.of(TARGET), many, List.of(MAIN), 1).validate())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("a plan may have at most 524288 requests (got 524289)"));
    }

    @Test
    void anEmptyPlanSaysWhatIsMissing() {
        assertThatThrownBy(() -> new Plan(List.of(), List.of(), List.of(), 1).validate())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "no target: give a URL or a plan with at least one target",
                                        "no request: give a URL or a plan with at least one request",
                                        "no phase: a plan needs at least one phase with a load model"));
    }

    @Test
    void findsTargetsByName() {
        Target other = new Target("other", "http", "h", 80, DEFAULTS);
        Plan plan = new Plan(List.of(TARGET, other), List.of(GET), List.of(MAIN), 1);
        assertThat(plan.target("other")).containsSame(other);
        assertThat(plan.target("none")).isEmpty();
        assertThat(plan.targetIndex("other")).isEqualTo(1);
        assertThat(plan.targetIndex("none")).isEqualTo(-1);
    }

    @Test
    void threadsAboveATargetsConnectionsAreAProblemWordedWithTheCallersSettings() {
        Target few = new Target("few", "http", "h", 80, DEFAULTS.withMaxConnections(4));
        Target many = new Target("many", "http", "h", 80, DEFAULTS.withMaxConnections(8));
        List<Target> targets = List.of(many, few);
        assertThat(Plan.threadsOverConnections(5, targets, "-t ", "-c "))
                .contains("5 is more than the 4 connections of target 'few': each thread needs one of its own to"
                        + " every target, as wrk needs connections >= threads. Give at most -t 4, or -c 5");
        assertThat(Plan.threadsOverConnections(4, targets, "-t ", "-c ")).isEmpty();
        assertThat(Plan.threadsOverConnections(5, List.of(), "-t ", "-c ")).isEmpty();
        Target one = new Target("one", "http", "h", 80, DEFAULTS.withMaxConnections(1));
        assertThat(Plan.threadsOverConnections(2, List.of(one), "-t ", "-c "))
                .contains("2 is more than the 1 connection of target 'one': each thread needs one of its own to"
                        + " every target, as wrk needs connections >= threads. Give at most -t 1, or -c 2");
    }

    @Test
    void findsPhasesByName() {
        Phase ramp = new Phase("ramp", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false);
        Plan plan = new Plan(List.of(TARGET), List.of(GET), List.of(ramp, MAIN), 1);
        assertThat(plan.phase("main")).containsSame(MAIN);
        assertThat(plan.phase("ramp")).containsSame(ramp);
        assertThat(plan.phase("none")).isEmpty();
    }

    @Test
    void onlyTheLastPhaseMayEndOnARequestCountAlone() {
        Phase users = phase(LoadModel.Closed.connections(2), null, 100);
        Plan plan = new Plan(List.of(TARGET), List.of(GET), List.of(users, MAIN), 1);
        assertThatThrownBy(plan::validate)
                .isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("only the last phase may end on a number of requests alone");
        // Last is fine, and so is an evenly paced open phase bounded by a count: its length is known.
        new Plan(List.of(TARGET), List.of(GET), List.of(MAIN, users), 1).validate();
        new Plan(List.of(TARGET), List.of(GET), List.of(phase(LoadModel.Open.constant(10), null, 50), MAIN), 1)
                .validate();
    }

    @Test
    void phaseLengthIsItsDurationOrUnbounded() {
        assertThat(MAIN.durationNanos()).isEqualTo(10_000_000_000L);
        // Evenly spaced arrivals bounded by a count: over when the last one is due.
        assertThat(phase(LoadModel.Open.constant(1), null, 5).durationNanos()).isEqualTo(5_000_000_000L);
        // Poisson arrivals or closed-model users bounded by a count: over when the last request is sent.
        assertThat(phase(new LoadModel.Open(1, 1, LoadModel.Arrivals.POISSON, 7, 0), null, 5)
                        .durationNanos())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(phase(LoadModel.Closed.connections(2), null, 5).durationNanos())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void knowsWhetherAnyPhaseIsAWarmUp() {
        assertThat(valid().hasWarmup()).isFalse();
        Phase warm = new Phase("warm", LoadModel.Open.constant(1), Duration.ofSeconds(1), 0, true);
        assertThat(new Plan(List.of(TARGET), List.of(GET), List.of(warm, MAIN), 1).hasWarmup())
                .isTrue();
    }
}
