package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanFileTest {
    @TempDir
    Path dir;

    private static final String PLAN = """
            name: shop checkout
            threads: 2
            targets:
              - name: api
                url: http://127.0.0.1:8080/v1/
                max_connections: 16
                timeout: 2s
                keepalive: false
              - name: slow
                url: https://example.test
            requests:
              - name: home
                target: api
                path: /home
                weight: 3
              - name: buy
                target: api
                method: post
                path: /buy?x=1
                headers: {Content-Type: application/json, X-Count: 3}
                body_file: body.json
                expect: 200,201
                priority: 5
              - target: slow
            warmup: 5s
            phases:
              - name: ramp
                duration: 30s
                rate: 10..100
              - duration: 1m
                rate: 100
                arrivals: poisson
                seed: 9
                burst: 20
                tick: 2ms
              - name: users
                duration: 10s
                connections: 4..8
            thresholds:
              - p99<50ms
              - threshold: buy:error_rate<1%
                abort_on_fail: true
                grace: 10s
            """;

    @Test
    void aPlanWithoutANameHasNoneAndANameIsOneLine() throws Exception {
        String rest = """
                targets: [{url: http://127.0.0.1:8080}]
                requests: [{path: /}]
                rate: 10
                """;
        assertThat(PlanFile.parse("plan.yaml", rest, dir).resolve(1).name()).isEmpty();
        assertThat(PlanFile.parse("plan.yaml", "name: 2024\n" + rest, dir)
                        .resolve(1)
                        .name())
                .as("unquoted, YAML reads it as a number")
                .isEqualTo("2024");
        assertProblems("name: ''\n" + rest, "plan.yaml:1: name: must not be empty");
        // It heads the reports' one-line headers.
        assertProblems(
                "name: \"a\\nb\"\n" + rest,
                "plan.yaml:1: name: must be one line of text, without line breaks or control characters, got 'a b'");
    }

    @Test
    void aThresholdOnARequestWhoseTargetIsBrokenIsNoProblemOfItsOwn() {
        // It said "no request is named 's' (requests: ok)" beside the target's own problem, of a request there is.
        assertProblems(
                """
                targets:
                  - {name: a, url: 'http://127.0.0.1:8080/?x=1'}
                  - {name: b, url: 'http://127.0.0.1:8081'}
                requests:
                  - {name: ok, path: /ok, target: b}
                  - {name: s, path: /s, target: a}
                rate: 10
                duration: 1s
                thresholds:
                  - s:p99<10ms
                  - t:p99<10ms
                """,
                "plan.yaml:2: targets[0].url: a target's url has no query ('http://127.0.0.1:8080/?x=1'); put queries"
                        + " in the requests' paths",
                "plan.yaml:11: thresholds[1]: no request is named 't' (requests: ok, s)");
    }

    @Test
    void aThresholdNamesTheRequestsThereAreThoughNoneCouldBeBuilt() {
        // It said "no request is named 'zz' (requests: )", as none was built; a threshold on the unbuilt request,
        // unnamed, is no problem of its own.
        assertProblems(
                """
                targets:
                  - {name: a, url: 'http://127.0.0.1:8080'}
                requests:
                  - {path: /, target: zz}
                rate: 10
                duration: 1s
                thresholds: ['zz:p50<1ms', 'GET /:p50<1ms']
                """,
                "plan.yaml:4: requests[0].target: no target is named 'zz' (targets: a)",
                "plan.yaml:7: thresholds[0]: no request is named 'zz' (requests: GET /)");
    }

    @Test
    void namesOfTargetsRequestsAndPhasesAreOneLineWithoutControlCharacters() {
        // An escape sequence in a request name went raw to the terminal, and a line break in one wrote a line
        // without '#' into the interval log's header, which HistogramLogProcessor then failed to read.
        assertProblems(
                """
                targets: [{name: "t\\u0007", url: 'http://127.0.0.1:8080'}]
                requests:
                  - {name: "\\u001b[31mRED", path: /a, target: "t\\u0007"}
                  - {name: "a\\nb", path: /b, target: "t\\u0007"}
                phases: [{name: "p\\rq", rate: 5, duration: 1s}]
                """,
                "plan.yaml:1: targets[0].name: must be one line of text, without line breaks or control characters,"
                        + " got 't\u0007'",
                "plan.yaml:3: requests[0].name: must be one line of text, without line breaks or control characters,"
                        + " got '\u001b[31mRED'",
                "plan.yaml:4: requests[1].name: must be one line of text, without line breaks or control characters,"
                        + " got 'a b'",
                "plan.yaml:5: phases[0].name: must be one line of text, without line breaks or control characters,"
                        + " got 'p q'");
    }

    /** Resolving {@code yaml} fails with exactly {@code problems}, in order. */
    private void assertProblems(String yaml, String... problems) {
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly(problems));
    }

    @Test
    void aLongerTimeoutLengthensTheReadTimeoutUnlessThatIsGivenToo() throws Exception {
        // timeout: 10s alone still failed a server slow to its first byte after the 3 s default read timeout.
        Plan p = PlanFile.parse("plan.yaml", """
                        targets:
                          - {name: long, url: "http://127.0.0.1:8080", timeout: 10s}
                          - {name: both, url: "http://127.0.0.1:8081", timeout: 10s, read_timeout: 2s}
                          - {name: short, url: "http://127.0.0.1:8082", timeout: 1s}
                          - {name: none, url: "http://127.0.0.1:8083"}
                        requests: [{name: a, target: long}, {name: b, target: both}, {name: c, target: short}, {name: d, target: none}]
                        rate: 10
                        duration: 1s
                        """, dir).resolve(1);
        assertThat(p.targets())
                .extracting(t -> t.connections().readTimeout())
                .containsExactly(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        ConnectionSettings.DEFAULT_READ_TIMEOUT,
                        ConnectionSettings.DEFAULT_READ_TIMEOUT);
    }

    @Test
    void aTimeoutLongerThanTheLongestLatencyMeasuredIsRefusedAtItsLine() {
        assertProblems(
                """
                targets:
                  - url: http://127.0.0.1:8080
                    read_timeout: 90m
                requests: [{path: /}]
                rate: 10
                """,
                "plan.yaml:3: targets[0].read_timeout: 1h30m is longer than 1h, the longest timeout (gale measures"
                        + " latencies up to an hour)");
    }

    @Test
    void aShortTimeoutShortensTheAcquireTimeoutToHalfOfItUnlessThatIsGivenToo() throws Exception {
        // timeout: 2s with the 3 s acquire timeout: a request could wait for a connection 1.98 s, be sent with
        // 20 ms left, time out in flight and have its connection closed, and the next one likewise.
        Plan p = PlanFile.parse("plan.yaml", """
                        targets:
                          - {name: short, url: "http://127.0.0.1:8080", timeout: 2s}
                          - {name: both, url: "http://127.0.0.1:8081", timeout: 2s, acquire_timeout: 2500ms}
                          - {name: long, url: "http://127.0.0.1:8082", timeout: 10s}
                          - {name: none, url: "http://127.0.0.1:8083"}
                        requests: [{name: a, target: short}, {name: b, target: both}, {name: c, target: long}, {name: d, target: none}]
                        rate: 10
                        duration: 1s
                        """, dir).resolve(1);
        assertThat(p.targets())
                .extracting(t -> t.connections().acquireTimeout())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        ConnectionSettings.DEFAULT_ACQUIRE_TIMEOUT,
                        ConnectionSettings.DEFAULT_ACQUIRE_TIMEOUT);
    }

    @Test
    void resolvesEveryPartOfAPlan() throws Exception {
        Files.writeString(dir.resolve("body.json"), "{\"a\":1}");
        Plan p = PlanFile.parse("plan.yaml", PLAN, dir).resolve(8);
        assertThat(p.name()).isEqualTo("shop checkout");
        assertThat(p.threads()).isEqualTo(2);
        assertThat(p.targets()).extracting(Target::name).containsExactly("api", "slow");
        Target api = p.targets().get(0);
        assertThat(api.connections().maxConnections()).isEqualTo(16);
        assertThat(api.connections().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(api.connections().keepAlive()).isFalse();
        assertThat(p.targets().get(1).tls()).isTrue();
        // The open phases' default: the largest closed phase (4..8 users) is below it.
        assertThat(p.targets().get(1).connections().maxConnections()).isEqualTo(64);

        assertThat(p.requests()).extracting(RequestSpec::name).containsExactly("home", "buy", "GET /");
        RequestSpec buy = p.requests().get(1);
        assertThat(buy.method()).isEqualTo("POST");
        assertThat(buy.path()).isEqualTo("/v1/buy?x=1");
        assertThat(buy.headers())
                .containsExactly(new Header("Content-Type", "application/json"), new Header("X-Count", "3"));
        assertThat(new String(buy.body())).isEqualTo("{\"a\":1}");
        assertThat(buy.expectedStatus().contains(201)).isTrue();
        assertThat(buy.expectedStatus().contains(204)).isFalse();
        assertThat(buy.priority()).isEqualTo(5);
        assertThat(p.requests().get(0).weight()).isEqualTo(3);

        assertThat(p.phases()).extracting(Phase::name).containsExactly("warm-up", "ramp", "phase 2", "users");
        assertThat(p.phases().get(0).warmup()).isTrue();
        assertThat(p.phases().get(0).load())
                .isEqualTo(new LoadModel.Open(
                        10,
                        10,
                        LoadModel.Arrivals.UNIFORM,
                        ((LoadModel.Open) p.phases().get(1).load()).seed(),
                        0));
        assertThat(p.phases().get(2).load())
                .isEqualTo(new LoadModel.Open(100, 100, LoadModel.Arrivals.POISSON, 9, 20, 2_000_000));
        assertThat(p.phases().get(3).load()).isEqualTo(new LoadModel.Closed(4, 8));

        assertThat(p.thresholds()).extracting(Threshold::expression).containsExactly("p99<50ms", "buy:error_rate<1%");
        assertThat(p.thresholds().get(1).abortOnFail()).isTrue();
        assertThat(p.thresholds().get(1).abortGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void flagsOverrideThePlan() throws Exception {
        Files.writeString(dir.resolve("body.json"), "{}");
        PlanFile f = PlanFile.parse("plan.yaml", PLAN, dir);
        f.set("rate", "50..500", "--rate");
        f.set("duration", 20, "--duration");
        f.setOnEveryTarget("max_connections", 3, "--max-connections");
        f.setOnEveryRequest("method", "PUT", "--method");
        f.addHeader("X-Run", "ci", "-H");
        f.addThreshold("dropped==0", "--threshold");
        f.set("tick", "1ms", "--tick");
        Plan p = f.resolve(8);
        assertThat(p.phases()).extracting(Phase::name).containsExactly("warm-up", "main");
        assertThat(p.phases().get(1).load()).isInstanceOfSatisfying(LoadModel.Open.class, o -> {
            assertThat(o.endRatePerSecond()).isEqualTo(500);
            assertThat(o.tickNanos()).isEqualTo(1_000_000);
        });
        assertThat(((LoadModel.Open) p.phases().get(0).load()).tickNanos())
                .as("the warm-up ticks like the phase it warms up")
                .isEqualTo(1_000_000);
        assertThat(p.phases().get(1).duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.targets())
                .allSatisfy(t -> assertThat(t.connections().maxConnections()).isEqualTo(3));
        assertThat(p.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.headers()).contains(new Header("X-Run", "ci"));
        });
        assertThat(p.thresholds()).extracting(Threshold::expression).endsWith("dropped==0");
    }

    /**
     * A target without max_connections gets enough for every phase: the largest closed phase's users, and at
     * least the open model's 64 when a phase is open. A 1-user probe phase after a 200 req/s phase capped it
     * at one connection, and 2 of 3 of its requests gave up waiting. The top-level connections, -c in a plan,
     * is the limit the user chose, as {@code -c N -R R}; a target's own max_connections always wins.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the load, after the targets and a request                             | connections of a target without max_connections
            rate: 200                                                               | 64
            connections: 4                                                          | 4
            connections: 100                                                        | 100
            rate: 200\\nconnections: 8                                               | 8
            phases: [{duration: 2s, rate: 200}, {duration: 1s, connections: 1}]     | 64
            phases: [{duration: 1s, connections: 1}, {duration: 2s, rate: 200}]     | 64
            phases: [{duration: 2s, rate: 200}, {duration: 1s, connections: 100}]   | 100
            phases: [{duration: 2s, rate: 200}, {duration: 1s, connections: 1..90}] | 90
            phases: [{duration: 1s, connections: 1..4}, {duration: 1s, connections: 8}] | 8
            connections: 8\\nphases: [{duration: 2s, rate: 200}, {duration: 1s, connections: 1}] | 8
            connections: 8\\nphases: [{duration: 2s, rate: 200}, {duration: 1s, connections: 20}] | 20
            stages: [{duration: 1s, rate: 100}, {duration: 1s, rate: 10}]           | 64
            stages: [{duration: 1s, connections: 10}, {duration: 1s, connections: 2}] | 10
            warmup: 1s\\nphases: [{duration: 1s, connections: 2}, {duration: 1s, rate: 50}] | 64
            """)
    void aTargetWithoutMaxConnectionsHasEnoughForEveryPhase(String load, int expected) {
        String yaml = """
                targets:
                  - {name: free, url: 'http://h:1'}
                  - {name: set, url: 'http://h:2', max_connections: 3}
                requests: [{name: a, target: free, path: /}, {name: b, target: set, path: /}]
                """ + load.replace("\\n", "\n") + "\n";
        Plan p = PlanFile.parse("plan.yaml", yaml, dir).resolve(2);
        assertThat(p.targets())
                .extracting(t -> t.connections().maxConnections())
                .containsExactly(expected, 3);
    }

    @Test
    void headerFlagsReplaceThePlansHeaderOfThatNameInAnyCaseAndRepeatAsWithAUrl() throws Exception {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests:
                  - path: /
                    headers: {Accept: text/plain, X-Keep: kept, X-Twice: [a, b]}
                """;
        PlanFile f = PlanFile.parse("plan.yaml", yaml, dir);
        f.addHeader("accept", "*/*", "-H");
        f.addHeader("X-A", "1", "-H");
        f.addHeader("X-A", "2", "-H");
        f.addHeader("x-a", "3", "-H");

        assertThat(f.resolve(1).requests().get(0).headers())
                .containsExactly(
                        new Header("X-Keep", "kept"),
                        new Header("X-Twice", "a"),
                        new Header("X-Twice", "b"),
                        new Header("accept", "*/*"),
                        new Header("X-A", "1"),
                        new Header("X-A", "2"),
                        new Header("x-a", "3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "'0s'", "0.0"})
    void aZeroCooldownInAnySpellingIsZeroNotTheDefault(String zero) throws Exception {
        String yaml = "targets:\n  - url: http://127.0.0.1:8080\n    cooldown: " + zero + "\nrequests:\n  - path: /\n";
        Plan p = PlanFile.parse("plan.yaml", yaml, dir).resolve(2);
        assertThat(p.targets().get(0).connections().cooldown()).isZero();
    }

    /** --arrivals Poisson works on the command line (picocli takes enum values in any case): so does a plan. */
    @ParameterizedTest
    @ValueSource(strings = {"poisson", "Poisson", "POISSON", "'pOISSON'"})
    void arrivalsAreReadInAnyCaseAsTheFlagIs(String poisson) {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests: [{path: /}]
                arrivals: %s
                phases:
                  - {duration: 1s, rate: 10}
                  - {duration: 1s, rate: 10, arrivals: Uniform}
                  - {duration: 1s, rate: 10, arrivals: %s, seed: 4}
                """.formatted(poisson, poisson);
        Plan p = PlanFile.parse("plan.yaml", yaml, dir).resolve(1);
        assertThat(p.phases())
                .extracting(ph -> ((LoadModel.Open) ph.load()).arrivals())
                .containsExactly(LoadModel.Arrivals.POISSON, LoadModel.Arrivals.UNIFORM, LoadModel.Arrivals.POISSON);
    }

    /** --progress PLAIN works on the command line: so does the plan's output.progress. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "PLAIN", "Fancy", "Auto", "'OFF'"})
    void outputProgressIsReadInAnyCaseAsTheFlagIs(String progress) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\noutput: {progress: " + progress + "}\n";
        PlanFile f = PlanFile.parse("plan.yaml", yaml, dir);
        f.resolve(1);
        assertThat(f.output().progress()).isEqualToIgnoringCase(progress.replace("'", ""));
    }

    /**
     * The schema holds what gale reads, for editors that check plans with it: the values of arrivals and
     * output.progress in any case, as the patterns PlanSchema.anyCase writes; no key is left to an enum, which
     * JSON Schema compares case by case.
     */
    @Test
    void theSchemaTakesTheValuesOfArrivalsAndProgressInAnyCase() throws Exception {
        com.fasterxml.jackson.databind.JsonNode schema =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(PlanSchema.text());
        assertThat(schema.at("/$defs/arrivals/pattern").asText())
                .isEqualTo(PlanSchema.anyCase(java.util.Arrays.stream(LoadModel.Arrivals.values())
                        .map(a -> a.name().toLowerCase(java.util.Locale.ROOT))
                        .toList()));
        assertThat(schema.at("/properties/output/properties/progress/pattern").asText())
                .isEqualTo(PlanSchema.anyCase(List.of("auto", "fancy", "plain", "off")));
        assertThat(schema.findParents("enum")).as("keys with an enum").isEmpty();
    }

    @Test
    void anEnumValueInNoCaseIsStillReportedWithTheValues() {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests: [{path: /}]
                arrivals: possion
                phases:
                  - {duration: 1s, rate: 10, arrivals: 5}
                output: {progress: true}
                """;
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "plan.yaml:3: arrivals: must be one of uniform, poisson, got 'possion'",
                                        "plan.yaml:5: phases[0].arrivals: must be one of uniform, poisson, got 5",
                                        "plan.yaml:6: output.progress: must be one of auto, fancy, plain, off, got"
                                                + " true"));
    }

    @Test
    void aFlagForAPhaseSettingOverridesThePhasesOwnValueToo() throws Exception {
        Files.writeString(dir.resolve("body.json"), "{}");
        PlanFile f = PlanFile.parse("plan.yaml", PLAN, dir);
        f.set("arrivals", "uniform", "--arrivals");
        f.set("burst", 5, "--burst");
        f.set("tick", "0", "--tick");
        Plan p = f.resolve(8);
        assertThat(p.phases().get(2).load())
                .as("phase 2 sets poisson, seed 9, burst 20 and a 2ms tick itself")
                .isEqualTo(new LoadModel.Open(100, 100, LoadModel.Arrivals.UNIFORM, 9, 5, 0));
        assertThat(p.phases().get(1).load().getClass()).isEqualTo(LoadModel.Open.class);
        assertThat(((LoadModel.Open) p.phases().get(1).load()).arrivals()).isEqualTo(LoadModel.Arrivals.UNIFORM);

        PlanFile g = PlanFile.parse("plan.yaml", PLAN, dir);
        g.set("seed", 3, "--seed");
        assertThat(g.resolve(8).phases().get(2).load())
                .as("phase 2's own seed 9 gives way to --seed")
                .isEqualTo(new LoadModel.Open(100, 100, LoadModel.Arrivals.POISSON, 3, 20, 2_000_000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the load, after a target and a request            | the problem, after 'plan.yaml:'
            {rate: 10, seed: 7}                                 | 4: seed: seed applies to Poisson arrivals (arrivals: poisson), but the plan has none; add arrivals: poisson, or leave the seed out
            {rate: 10, arrivals: uniform, seed: 7}              | 5: seed: seed applies to Poisson arrivals (arrivals: poisson), but the plan has none; add arrivals: poisson, or leave the seed out
            {connections: 2, seed: 7}                           | 4: seed: seed applies to the open model (a rate), but the load is a closed model (no rate)
            'phases: [{duration: 1s, rate: 10, seed: 7}]'       | 3: phases[0].seed: seed applies to Poisson arrivals (arrivals: poisson), but this phase's arrivals are uniform; add arrivals: poisson, or leave the seed out
            'phases: [{duration: 1s, connections: 2, seed: 7}]' | 3: phases[0].seed: seed applies to the open model (a rate), but this phase has connections (a closed model)
            'seed: 7\\nphases: [{duration: 1s, rate: 10}]'      | 3: seed: seed applies to Poisson arrivals (arrivals: poisson), but the plan has none; add arrivals: poisson, or leave the seed out
            """)
    void aSeedWithoutPoissonArrivalsIsReportedAtItsPlace(String load, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n"
                + (load.startsWith("{") ? load.substring(1, load.length() - 1).replace(", ", "\n") : load)
                        .replace("\\n", "\n")
                + "\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a ramp or a quoted rate, as -R takes it | from | to
            1e3..2e3                         | 1000 | 2000
            .5..10                           | 0.5  | 10
            100 .. 1E3                       | 100  | 1000
            1000                             | 1000 | 1000
            ' 2.5e2 '                        | 250  | 250
            """)
    void aRampTakesTheNumbersTheRateFlagTakes(String ramp, double from, double to) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nduration: 5s\nrate: '" + ramp + "'\n";

        LoadModel.Open o = (LoadModel.Open) PlanFile.parse("plan.yaml", yaml, dir)
                .resolve(1)
                .phases()
                .get(0)
                .load();

        assertThat(o.startRatePerSecond()).isEqualTo(from);
        assertThat(o.endRatePerSecond()).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a rate above one per nanosecond | the problem, after 'plan.yaml:'
            rate: 2e9                         | 4: rate: must be at most 1e9 req/s, one per nanosecond, got 2000000000
            rate: 10..1e10                    | 4: rate: must be at most 1e9 req/s, one per nanosecond, got 10..1e10
            rate: '0'                         | 4: rate: must be > 0, got '0'
            rate: '-5'                        | 4: rate: must be a rate in requests per second such as 1000, or a ramp FROM..TO such as 100..1000, got '-5'
            'phases: [{duration: 1s, rate: 1e12}]' | 3: phases[0].rate: must be at most 1e9 req/s, one per nanosecond, got 1000000000000
            """)
    void aRateAboveOnePerNanosecondIsReportedAtItsPlace(String load, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nduration: 5s\n" + load + "\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml.replace("duration: 5s\nphases", "phases"), dir)
                        .resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a top-level key that only open phases read  | the problem, after 'plan.yaml:'
            burst: 5                                      | 3: burst: burst applies to the open model (a rate), but every phase of the plan has connections (a closed model)
            tick: 2ms                                     | 3: tick: tick applies to the open model (a rate), but every phase of the plan has connections (a closed model)
            arrivals: poisson                             | 3: arrivals: arrivals applies to the open model (a rate), but every phase of the plan has connections (a closed model)
            seed: 7                                       | 3: seed: seed applies to the open model (a rate), but every phase of the plan has connections (a closed model)
            """)
    void anOpenModelSettingInAPlanWhosePhasesAreAllClosedIsReported(String key, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n" + key
                + "\nphases: [{duration: 1s, connections: 2}, {duration: 1s, connections: 4}]\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
        String oneOpen = yaml.replace("connections: 4", "rate: 10");
        if (!key.startsWith("seed")) {
            assertThat(PlanFile.parse("plan.yaml", oneOpen, dir).resolve(1).phases())
                    .hasSize(2);
        }
    }

    @Test
    void aTopLevelSeedIsFineWhenOnePhaseHasPoissonArrivals() {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests: [{path: /}]
                seed: 7
                phases:
                  - {duration: 1s, rate: 10}
                  - {duration: 1s, rate: 10, arrivals: poisson}
                  - {duration: 1s, connections: 2}
                """;
        Plan p = PlanFile.parse("plan.yaml", yaml, dir).resolve(1);
        assertThat(((LoadModel.Open) p.phases().get(1).load()).seed()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # flag  | value: the plan's Poisson phase, which its top-level seed is for, gives way to the flag's load
            --rate  | 300
            --stage | 1s:300
            --stage | 1s:5c
            """)
    void aPlansTopLevelSeedIsNoProblemWhenAFlagReplacesItsPoissonPhases(String flag, String value) {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests: [{path: /}]
                seed: 7
                phases:
                  - {duration: 1s, rate: 10}
                  - {duration: 1s, rate: 10, arrivals: poisson}
                """;
        PlanFile f = PlanFile.parse("plan.yaml", yaml, dir);
        if (flag.equals("--rate")) {
            f.set("rate", Double.parseDouble(value), flag);
            f.set("duration", "1s", "--duration");
        } else {
            Stage st = Stage.parse(value);
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("duration", "1s");
            m.put(st.closed() ? "connections" : "rate", st.closed() ? (Object) (long) st.target() : st.target());
            f.set("stages", List.of(m), flag);
        }
        assertThat(f.resolve(1).phases())
                .as("the plan ran with %s %s before seeds were checked", flag, value)
                .isNotEmpty();
    }

    @Test
    void aSeedFlagWithoutPoissonArrivalsNamesTheFlag() {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nrate: 10\n";
        PlanFile f = PlanFile.parse("plan.yaml", yaml, dir);
        f.set("seed", 3, "--seed");
        assertThatThrownBy(() -> f.resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("--seed: applies to --arrivals poisson, but the plan has no Poisson"
                                        + " arrivals; add --arrivals poisson, or leave --seed out"));
    }

    @Test
    void expectTakesAListOfCodesRangesAndClassesAsTheCommaSeparatedText() {
        Plan p = PlanFile.parse("plan.yaml", """
                        targets: [{url: 'http://127.0.0.1:8080'}]
                        requests:
                          - {name: a, expect: [200, 404]}
                          - {name: b, expect: ["2xx", 404, 500..503]}
                          - {name: c, expect: ['200,', 404]}
                        """, dir).resolve(1);
        StatusSet a = p.requests().get(0).expectedStatus();
        StatusSet b = p.requests().get(1).expectedStatus();
        assertThat(a).isEqualTo(StatusSet.parse("200,404"));
        assertThat(a.toString()).isEqualTo("200,404");
        assertThat(b).isEqualTo(StatusSet.parse("2xx,404,500..503"));
        assertThat(b.toString()).isEqualTo("2xx,404,500..503");
        // Its entries joined read '200,,404', which escaped the problem list as an internal error.
        StatusSet c = p.requests().get(2).expectedStatus();
        assertThat(c).isEqualTo(StatusSet.parse("200,404"));
        assertThat(c.toString()).isEqualTo("200,404");
    }

    @Test
    void anEntryOfAnExpectListThatIsNoStatusIsNamed() {
        assertProblems(
                """
                targets: [{url: 'http://127.0.0.1:8080'}]
                requests:
                  - {name: a, expect: [200, {a: 1}]}
                  - {name: b, expect: [200, 700, 3xx]}
                  - {name: c, expect: [true]}
                  - {name: d, expect: []}
                """,
                "plan.yaml:3: requests[0].expect[1]: must be a string or whole number, got an object (a)",
                "plan.yaml:4: requests[1].expect[1]: status code 700 is outside 100..599",
                "plan.yaml:5: requests[2].expect[0]: must be a string or whole number, got true",
                "plan.yaml:6: requests[3].expect: must have at least 1 entry");
    }

    @Test
    void aPhaseWithoutALengthIsToldSoOnceNotAlsoThatItEndsOnMaxRequestsAlone() {
        String yaml = """
                targets: [{url: 'http://127.0.0.1:8080'}]
                requests: [{path: /}]
                phases:
                  - rate: 100
                  - {rate: 100, duration: 2s}
                """;
        assertProblems(yaml, "plan.yaml:4: phases[0]: give the phase a duration (e.g. duration: 30s) or max_requests");
    }

    @Test
    void aRequestAmongTargetsWhoseNamesAreNotKnownIsToldToNameThem() {
        assertProblems(
                """
                targets:
                  - url: 127.0.0.1:8080
                  - url: 'http://'
                requests: [{path: /}]
                """,
                "plan.yaml:2: targets[0].url: invalid URL '127.0.0.1:8080': the scheme is missing; add http:// or"
                        + " https:// (e.g. http://127.0.0.1:8080/)",
                "plan.yaml:3: targets[1].url: invalid URL 'http://': the host is missing. Give a full URL such as"
                        + " http://127.0.0.1:8080/path",
                "plan.yaml:4: requests[0]: target: missing; the plan has 2 targets, so each request names one"
                        + " (give the targets names, e.g. name: api, to name them by)");
    }

    @Test
    void aRequestNamingATargetOfAPlanWithoutTargetsIsNotToldTheNamesOfNone() {
        assertProblems(
                "targets: []\nrequests: [{path: /, target: api}]\n",
                "plan.yaml:1: targets: must have at least 1 entry");
    }

    @Test
    void morePlanThreadsThanATargetHasConnectionsAreRefusedAsWrkRefusesThem() {
        assertProblems(
                """
                threads: 16
                targets:
                  - {name: api, url: 'http://127.0.0.1:8080'}
                  - {name: search, url: 'http://127.0.0.1:8081', max_connections: 8}
                requests: [{name: a, target: api}, {name: s, target: search}]
                """,
                "plan.yaml:1: threads: 16 is more than the 8 connections of target 'search': each thread needs one"
                        + " of its own to every target, as wrk needs connections >= threads. Give at most threads: 8,"
                        + " or the target max_connections: 16");
    }

    @Test
    void aZeroSecondStageOfAPlanStepsToItsTarget() {
        Plan p = PlanFile.parse("plan.yaml", """
                        targets: [{url: 'http://127.0.0.1:8080'}]
                        requests: [{path: /}]
                        stages:
                          - {duration: 0s, rate: 100}
                          - {duration: 10s, rate: 100}
                          - {duration: 0, rate: 300}
                          - {duration: 5s, rate: 0}
                        """, dir).resolve(1);
        assertThat(p.phases())
                .extracting(q -> (LoadModel.Open) q.load())
                .extracting(LoadModel.Open::startRatePerSecond, LoadModel.Open::endRatePerSecond)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(100.0, 100.0),
                        org.assertj.core.groups.Tuple.tuple(300.0, 0.0));
        assertThat(p.phases()).extracting(Phase::name).containsExactly("stage 2", "stage 4");
    }

    @Test
    void aZeroSecondStageWithNoStageAfterItIsToldItStepsToNothing() {
        assertProblems(
                """
                targets: [{url: 'http://127.0.0.1:8080'}]
                requests: [{path: /}]
                stages:
                  - {duration: 10s, rate: 100}
                  - {duration: 0s, rate: 0}
                """,
                "plan.yaml:5: stages[1].duration: 0s steps to the stage's target for the stages after it, but it is"
                        + " the last; leave the stage out, or give it a duration above zero");
    }

    @Test
    void everyProblemIsReportedAtOnceWithFileLineAndField() {
        String yaml = """
                targets:
                  - url: http://127.0.0.1:8080
                    max_conections: 5
                requests:
                  - path: /
                    weight: 0
                phases:
                  - duration: 10s
                    rate: 100
                  - duration: 10s
                    rate: -5
                """;
        assertProblems(
                yaml,
                "plan.yaml:3: targets[0].max_conections: unknown field; did you mean 'max_connections'?",
                "plan.yaml:6: requests[0].weight: must be > 0, got 0",
                "plan.yaml:11: phases[1].rate: must be > 0, got -5");
    }

    @Test
    void problemsAreListedInFileOrderWhicheverCheckFoundThem() {
        // The schema, the plan's own rules and the duration reader each found theirs in an order of their own:
        // 9 before 8, 6 before 1, 9 before 8 and 22 before 3.
        assertProblems(
                """
                timeout: 2s
                targets:
                  - url: http://127.0.0.1:8080
                    max_connections: "lots"
                    keepalive: nope
                    timeout: 0s
                requests:
                  - path: /
                    timeout: 1s
                    expect: ok
                    priority: high
                rate: 100
                output:
                  jsn: x.json
                  html: true
                warmup: -2s
                """,
                "plan.yaml:1: timeout: unknown field; timeout is a target's setting: put it under each of targets[]",
                "plan.yaml:4: targets[0].max_connections: must be a whole number, got 'lots'",
                "plan.yaml:5: targets[0].keepalive: must be a boolean (true or false), got 'nope'",
                "plan.yaml:6: targets[0].timeout: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a"
                        + " bare number is seconds), got '0s'",
                "plan.yaml:9: requests[0].timeout: unknown field; timeout is a target's setting: put it under each of"
                        + " targets[]",
                "plan.yaml:10: requests[0].expect: 'ok' is not a status code (use 200, 200..299 or 2xx)",
                "plan.yaml:11: requests[0].priority: must be a whole number, got 'high'",
                "plan.yaml:14: output.jsn: unknown field; did you mean 'json'?",
                "plan.yaml:15: output.html: must be a string, got true",
                "plan.yaml:16: warmup: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number"
                        + " is seconds), got '-2s'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{duration: 1 m, burst: -1, rate: 100rps}", "{rate: 100rps, burst: -1, duration: 1 m}"})
    void problemsOnOneLineAreListedByColumn(String phase) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nphases: [" + phase + "]\n";
        String duration = "phases[0].duration: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare"
                + " number is seconds), got '1 m'";
        String burst = "phases[0].burst: must be >= 0, got -1";
        String rate = "phases[0].rate: must be a rate in requests per second such as 1000, or a ramp FROM..TO such as"
                + " 100..1000, got '100rps'";
        List<String> inOrder =
                phase.startsWith("{duration") ? List.of(duration, burst, rate) : List.of(rate, burst, duration);
        assertProblems(yaml, inOrder.stream().map(p -> "plan.yaml:3: " + p).toArray(String[]::new));
    }

    @Test
    void aProblemOfAFlagComesAfterThoseOfTheFile() {
        PlanFile file = PlanFile.parse(
                "plan.yaml",
                "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nphases: [{duration: 1s, rate: 5}]\n"
                        + "warmup: 0s\n",
                dir);
        file.set("duration", 3.0, "--duration");
        assertThatThrownBy(() -> file.resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "plan.yaml:4: warmup: must be a duration above zero such as 500ms, 30s,"
                                                + " 1m30s or 1h (a bare number is seconds), got '0s'",
                                        "--duration: contradicts the plan's phases, which set their own load and"
                                                + " length; use -R or --stage to replace them, or edit the plan"));
    }

    @Test
    void aDurationTooLongDoesNotHideARateTooHigh() {
        // The rate was not looked at once the duration could not be read.
        assertProblems(
                """
                targets:
                  - url: http://127.0.0.1:8080
                    max_connections: 10000000
                requests:
                  - path: /
                rate: 1e12
                duration: 100000d
                """,
                "plan.yaml:3: targets[0].max_connections: must be <= 65535, got 10000000",
                "plan.yaml:6: rate: must be at most 1e9 req/s, one per nanosecond, got 1000000000000",
                "plan.yaml:7: duration: duration '100000d' is too long: the longest is 53375d (about 146 years), as"
                        + " gale counts time in nanoseconds");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # what only the check of the whole plan saw, with no place, and only when nothing else was wrong
            'requests: [{path: /, weight: 2e9}]\\nrate: 5'                       | 3: requests[0].weight: must be at most 1e9, got 2000000000; weights count only relative to each other
            'requests: [{path: /, weight: 1e308}]\\nrate: 5'                     | 3: requests[0].weight: must be at most 1e9, got 1E+308; weights count only relative to each other
            'requests: [{path: /}]\\nstages: [{duration: 1s, rate: 2e9}]'         | 4: stages[0].rate: must be at most 1e9 req/s, one per nanosecond, got 2000000000
            'requests: [{path: /}]\\nstages: [{duration: 0s, rate: 0}, {duration: 1s, rate: 0}]' | 4: stages: every stage's rate is 0: no request would be sent; give a stage a rate above 0
            'requests: [{path: /}]\\nstages:\\n  - {duration: 1s, connections: 0}\\n  - {duration: 1s, connections: 5}' | 5: stages[0].connections: the stage goes from 0 to 0 connections, so no user would run in it; give it connections above 0
            'requests: [{path: /}]\\nstages:\\n  - {duration: 1s, connections: 5}\\n  - {duration: 0s, connections: 0}\\n  - {duration: 1s, connections: 0}' | 7: stages[2].connections: the stage goes from 0 to 0 connections, so no user would run in it; give it connections above 0
            """)
    void aProblemOnlyTheWholePlanSawIsReportedAtItsPlaceBesideTheOthers(String rest, String problem) {
        String yaml = "description: 5\ntargets: [{url: 'http://h:1'}]\n" + rest.replace("\\n", "\n") + "\n";
        assertProblems(yaml, "plan.yaml:1: description: must be a string, got 5", "plan.yaml:" + problem);
    }

    @Test
    void aStageDurationTooLongDoesNotHideARateTooHighInAnother() {
        assertProblems(
                """
                targets: [{url: 'http://h:1'}]
                requests: [{path: /}]
                stages:
                  - {duration: 100000d, rate: 5}
                  - {duration: 1s, rate: 2e9}
                """,
                "plan.yaml:4: stages[0].duration: duration '100000d' is too long: the longest is 53375d (about 146"
                        + " years), as gale counts time in nanoseconds",
                "plan.yaml:5: stages[1].rate: must be at most 1e9 req/s, one per nanosecond, got 2000000000");
    }

    @Test
    void aWarmUpOrStagesBeyondTheMostPhasesAPlanMayHaveAreReportedAtTheirPlace() {
        String phase = "  - {duration: 1s, rate: 5}\n";
        assertProblems(
                "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nwarmup: 1s\nthreads: x\nphases:\n"
                        + phase.repeat(Plan.MAX_PHASES),
                "plan.yaml:3: warmup: the warm-up would be a phase of its own, the 513th, and a plan may have at most"
                        + " 512; make the first phase the warm-up (warmup: true) instead",
                "plan.yaml:4: threads: must be a whole number, got 'x'");
        assertProblems(
                "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nthreads: x\nstages:\n"
                        + phase.repeat(Plan.MAX_PHASES + 1),
                "plan.yaml:3: threads: must be a whole number, got 'x'",
                "plan.yaml:4: stages: the stages make 513 phases (a stage of 0s makes none), and a plan may have at"
                        + " most 512");
    }

    @Test
    void sharedSettingsAreWrittenOnceWithAnchorsAliasesAndMergeKeys() throws Exception {
        Plan p = PlanFile.parse("plan.yaml", """
                        x-common: &common
                          timeout: 2s
                          max_connections: 4
                        targets:
                          - {name: a, url: 'http://127.0.0.1:8080', <<: *common}
                          - name: b
                            url: http://127.0.0.1:8081
                            <<: *common
                            max_connections: 8
                        requests:
                          - {name: r1, target: a, headers: &h {X-A: '1'}}
                          - {name: r2, target: b, headers: *h}
                        rate: 10
                        duration: 1s
                        """, dir).resolve(1);
        assertThat(p.targets())
                .extracting(
                        t -> t.connections().requestTimeout(),
                        t -> t.connections().maxConnections())
                .containsExactly(tuple(Duration.ofSeconds(2), 4), tuple(Duration.ofSeconds(2), 8));
        assertThat(p.requests()).allSatisfy(r -> assertThat(r.headers()).containsExactly(new Header("X-A", "1")));
    }

    @Test
    void aProblemInAnAliasedValueIsReportedWhereTheValueIsWrittenForEachUse() {
        assertProblems(
                """
                x-common: &common
                  timeout: 0s
                  max_conections: 4
                x-list: &list [a, b]
                targets:
                  - {name: a, url: 'http://127.0.0.1:8080', <<: *common}
                  - {name: b, url: 'http://127.0.0.1:8081', <<: *common}
                requests:
                  - {target: a, headers: *list}
                """,
                "plan.yaml:2: targets[0].timeout: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a"
                        + " bare number is seconds), got '0s'",
                "plan.yaml:2: targets[1].timeout: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a"
                        + " bare number is seconds), got '0s'",
                "plan.yaml:3: targets[0].max_conections: unknown field; did you mean 'max_connections'?",
                "plan.yaml:3: targets[1].max_conections: unknown field; did you mean 'max_connections'?",
                "plan.yaml:9: requests[0].headers: must be a mapping (key: value), got a list");
    }

    @Test
    void aFlagSetsEachAliasedValueOnce() throws Exception {
        PlanFile file = PlanFile.parse("plan.yaml", """
                targets: [{url: 'http://127.0.0.1:8080'}]
                requests:
                  - {name: r1, headers: &h {X-A: '1'}}
                  - {name: r2, headers: *h}
                """, dir);
        file.addHeader("X-B", "2", "-H");
        assertThat(file.resolve(1).requests())
                .allSatisfy(
                        r -> assertThat(r.headers()).containsExactly(new Header("X-A", "1"), new Header("X-B", "2")));
    }

    @Test
    void onlyTopLevelKeysStartingWithXAreLeftForAnchors() {
        assertProblems(
                """
                x-anything: {a: 1}
                targets: [{url: 'http://127.0.0.1:8080', x-mine: 1}]
                requests: [{path: /}]
                xy: 1
                """,
                "plan.yaml:2: targets[0].x-mine: unknown field (known: name, url, max_connections, timeout,"
                        + " connect_timeout, read_timeout, acquire_timeout, idle_timeout, cooldown, queue, keepalive,"
                        + " insecure)",
                "plan.yaml:4: xy: unknown field (known: name, description, threads, rate, connections, duration,"
                        + " max_requests, stages, arrivals, seed, burst, tick, warmup, thresholds, targets, requests,"
                        + " output, phases)");
    }

    @Test
    void aBrokenTargetOrRequestDoesNotHideTheOtherProblemsOfThePlan() {
        String yaml = """
                targets:
                  - name: api
                    url: http://127.0.0.1:8080
                  - name: api
                    url: 127.0.0.1:8080
                requests:
                  - target: nope
                    path: /
                  - body_file: missing.json
                    method: GET
                """;
        assertProblems(
                yaml,
                "plan.yaml:4: targets[1].name: the target name 'api' is already used by targets[0]; target names"
                        + " must be unique",
                "plan.yaml:5: targets[1].url: invalid URL '127.0.0.1:8080': the scheme is missing; add http:// or"
                        + " https:// (e.g. http://127.0.0.1:8080/)",
                "plan.yaml:7: requests[0].target: no target is named 'nope' (targets: api)",
                "plan.yaml:9: requests[1]: target: missing; the plan has 2 targets, so each request names one"
                        + " (targets: api)",
                "plan.yaml:9: requests[1].body_file: cannot read " + dir.resolve("missing.json") + " (no such file)",
                "plan.yaml:9: requests[1]: the request name 'GET /' is already used by requests[0]; request names"
                        + " must be unique (give each request a name)");
    }

    @Test
    void aTargetUrlWithUserInfoAsksForAHeaderWithoutQuotingThePassword() {
        String yaml = "targets: [{url: 'http://user:s3cr3t@h:1'}]\nrequests: [{path: /}]\n";
        assertProblems(
                yaml,
                "plan.yaml:1: targets[0].url: a target's url may not carry user info"
                        + " ('http://user:<redacted>@h:1'); give the credentials as a request header,"
                        + " such as 'Authorization: Basic <base64 of user:password>'");
    }

    @Test
    void aHeaderValueWithALineBreakIsReportedAtItsPlace() {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests:\n  - headers: {X-A: \"a\\r\\nHost: b\"}\n";
        assertProblems(
                yaml,
                "plan.yaml:3: requests[0].headers.X-A: the value of header 'X-A'"
                        + " must be one line; it has a line break");
    }

    @Test
    void aHeaderWithAControlCharacterIsReportedAtItsPlaceNotTrimmed() {
        // "b\x01" was sent as "b": the value was trimmed of every control character at its ends.
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests:
                  - name: a
                    headers: {X-A: "b\\x01", X-B: ["ok", "\\x1Fc"], "X-C\\x7F": d, X-D: " \\tspaced\\t "}
                """;
        assertProblems(
                yaml,
                "plan.yaml:4: requests[0].headers.X-A: the value of header 'X-A' has a control character (\\u0001);"
                        + " HTTP allows only a tab: remove it",
                "plan.yaml:4: requests[0].headers.X-B: the value of header 'X-B' has a control character (\\u001F);"
                        + " HTTP allows only a tab: remove it",
                "plan.yaml:4: requests[0].headers.X-C\u007F: the name of header 'X-C\\u007F' has a control character"
                        + " (\\u007F); HTTP allows none in a name: remove it");
    }

    @Test
    void aPathThatCannotGoOutAsItIsWrittenIsReportedAtItsPlace() {
        // A path went out raw: "/a\r\nX-Inj: 1" added a header to every request, and a space split the
        // request line. The rule is a URL's, as with gale run URL.
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests:
                  - {name: a, path: "/a\\r\\nX-Inj: 1"}
                  - {name: b, path: "/p?q=a b"}
                  - {name: c, path: "/a%zz"}
                  - {name: d, path: "/a|b"}
                """;
        assertProblems(
                yaml,
                "plan.yaml:3: requests[0].path: has a control character (CR) at 3; percent-encode it (%0D)",
                "plan.yaml:4: requests[1].path: has a space at 7; percent-encode it (%20)",
                "plan.yaml:5: requests[2].path: has '%' at 3 without two hex digits after it; write a % itself as %25",
                "plan.yaml:6: requests[3].path: has '|' at 3, which a URL does not allow; percent-encode it (%7C)");
    }

    @Test
    void aPathsFragmentIsNotSentAsNoBrowserSendsIt() throws Exception {
        String yaml = "targets: [{url: 'http://h:1/api'}]\nrequests: [{path: '/page?x=1#part', name: p}]\n";
        Plan p = PlanFile.parse("plan.yaml", yaml, dir).resolve(1);
        assertThat(p.requests().get(0).path()).isEqualTo("/api/page?x=1");
    }

    @Test
    void aHeaderWithAnEmptyListOfValuesIsReportedNotLeftOut() {
        // X-A: [] sent no X-A header, without a word.
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests:\n  - headers: {X-A: []}\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith("plan.yaml:3: requests[0].headers.X-A: "));
    }

    @Test
    void aContentLengthThatDoesNotMatchTheBodyIsReportedAtItsPlace() {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests:
                  - method: POST
                    body: hello
                    headers:
                      Content-Length: 3
                """;
        assertProblems(
                yaml,
                "plan.yaml:6: requests[0].headers.Content-Length: 3 does not match"
                        + " the body, which is 5 bytes; leave the header out, gale sets it");
    }

    @Test
    void aThresholdsAbortGivenTwiceDifferentlyIsReported() {
        // abort_on_fail: false did not stop ';abort=5s' from aborting, and grace: 10s silently beat its =5s.
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests: [{path: /}]
                thresholds:
                  - {threshold: 'p98<1s;abort=5s', abort_on_fail: false}
                  - {threshold: 'p99<1s; abort=5s', abort_on_fail: true, grace: 10s}
                  - {threshold: 'p90<1s', abort_on_fail: 'yes', grace: 10s}
                """;
        assertProblems(
                yaml,
                "plan.yaml:4: thresholds[0].abort_on_fail: false contradicts ';abort' in its threshold; give one of"
                        + " them",
                "plan.yaml:5: thresholds[1].grace: contradicts ';abort=5000ms' in its threshold; give the grace"
                        + " period once",
                "plan.yaml:6: thresholds[2].abort_on_fail: must be a boolean (true or false), got 'yes'");
    }

    @Test
    void anEmptyBodyFileIsOneProblemNotAlsoTheFolderRead() {
        // It also said "cannot read <the plan's folder> (Is a directory)".
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{method: POST, body_file: ''}]\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith("plan.yaml:2: requests[0].body_file: "));
    }

    @Test
    void aBodyFileThatCannotBeReadIsTheOneProblemNotItsContentLength() {
        String yaml = """
                targets: [{url: 'http://h:1'}]
                requests:
                  - method: POST
                    body_file: missing.json
                    headers:
                      Content-Length: 3
                """;
        assertProblems(
                yaml,
                "plan.yaml:4: requests[0].body_file: cannot read " + dir.resolve("missing.json") + " (no such file)");
    }

    @Test
    void threadsZeroMeansOnePerCoreAsOnTheCommandLine() throws Exception {
        // -t 0 is one event loop per core; the plan's threads: 0 was refused as "must be >= 1".
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nthreads: 0\n";
        assertThat(PlanFile.parse("plan.yaml", yaml, dir).resolve(6).threads()).isEqualTo(6);
    }

    @Test
    void aContentLengthFromAFlagIsReportedAtTheFlagWithItsName() {
        PlanFile f = PlanFile.parse("plan.yaml", "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n", dir);
        f.addHeader("Content-Length", "3", "-H");
        assertThatThrownBy(() -> f.resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("-H: Content-Length: 3 does not match the body, which is 0 bytes;"
                                        + " leave the header out, gale sets it"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a whole number too large for its field, which the default would otherwise silently replace
            threads: 3000000000                                    | threads: must be <= 2147483647, got 3000000000
            connections: 70000                                     | connections: must be <= 65535, got 70000
            max_requests: 10000000000000000000                     | max_requests: must be <= 9223372036854775807, got 10000000000000000000
            {seed: 10000000000000000000, rate: 5, arrivals: poisson} | seed: must be <= 9223372036854775807, got 10000000000000000000
            {burst: 3000000000, rate: 5}                           | burst: must be <= 2147483647, got 3000000000
            'stages: [{duration: 1s, connections: 70000}]'         | stages[0].connections: must be <= 65535, got 70000
            'phases: [{duration: 1s, connections: 70000}]'         | phases[0].connections: must be <= 65535, got 70000
            'phases: [{duration: 1s, connections: 1..70000}]'      | phases[0].connections: must be <= 65535 connections, got 1..70000
            """)
    void aWholeNumberTooLargeForItsFieldIsReported(String load, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n"
                + (load.startsWith("{") ? load.substring(1, load.length() - 1).replace(", ", "\n") : load) + "\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:3: " + problem));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            targets: [{url: 'http://h:1', max_connections: 70000}]      | targets[0].max_connections: must be <= 65535, got 70000
            targets: [{url: 'http://h:1', queue: 3000000000}]           | targets[0].queue: must be <= 2147483647, got 3000000000
            """)
    void aTargetsWholeNumberTooLargeIsReported(String targets, String problem) {
        String yaml = targets + "\nrequests: [{path: /, priority: 3000000000}]\n";
        assertProblems(
                yaml,
                "plan.yaml:1: " + problem,
                "plan.yaml:2: requests[0].priority: must be <= 2147483647, got 3000000000");
    }

    @Test
    void aFlagThatIsWrongIsNamedInsteadOfTheFile() {
        PlanFile f = PlanFile.parse("plan.yaml", "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n", dir);
        f.set("rate", -3, "--rate");
        assertThatThrownBy(() -> f.resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("--rate: must be > 0, got -3"));
    }

    @Test
    void aFileThatIsNotUtf8IsSaidToBeSo() throws Exception {
        Path latin1 =
                Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PlanFile.read(latin1, "latin1.yaml"))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("latin1.yaml: cannot read the plan (it is not UTF-8 text)"));
    }

    @Test
    void theBodyFilesAreNamedAsTheyWillBeRead() {
        PlanFile f = PlanFile.parse("plan.yaml", """
                targets:
                  - url: http://127.0.0.1:1
                requests:
                  - {name: a, body_file: body.json}
                  - {name: b, body_file: body.json}
                  - {name: c, body_file: data/other.bin}
                  - {name: d, body: inline}
                """, dir);
        assertThat(f.bodyFiles())
                .as("each once, from the plan's folder")
                .containsExactly(dir.resolve("body.json"), dir.resolve("data/other.bin"));

        f.setOnEveryRequest("body_file", "given.json", "--body");
        assertThat(f.bodyFiles()).as("a flag's file as given").containsExactly(Path.of("given.json"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> PlanFile.parse("p.yaml", "targets:\n  - url: [unclosed\n", dir)
                        .resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith("p.yaml:")
                                .contains("YAML"));
    }

    @Test
    void theSchemaLimitsTheRequestsAndPhasesAsThePlanDoes() throws Exception {
        // Beyond the plan's limits, only the check of the whole plan spoke, after everything else was right.
        JsonNode schema = new ObjectMapper().readTree(PlanSchema.text());
        assertThat(schema.at("/properties/requests/maxItems").asInt()).isEqualTo(Plan.MAX_REQUESTS);
        assertThat(schema.at("/properties/phases/maxItems").asInt()).isEqualTo(Plan.MAX_PHASES);
    }

    @Test
    void theSchemaIsPublishedAndLoads() {
        assertThat(PlanSchema.text()).contains("\"targets\"");
        assertThat(List.of(PlanSchema.RESOURCE))
                .allSatisfy(r -> assertThat(PlanSchema.class.getResource(r)).isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # text (\\n a line break)                                             | a plan?
            targets: [{url: "http://h:1"}]\\nrequests: [{path: /}]                  | true
            requests: [{path: /}]\\nduration: 1s                                 | true
            {"targets": [{"url": "http://h:1"}], "requests": [{"path": "/"}]}     | true
            target: http://h:1\\nrequests: [{path: /}]                          | true
            {"format": "gale-result/1", "plan": {}, "targets": [], "requests": []} | false
            {"plan": {"targets": []}, "targets": [], "requests": []}              | false
            {"hello": 1}                                                          | false
            [1, 2]                                                                | false
            'targets'                                                             | false
            '{not: yaml: at all'                                                  | false
            ''                                                                    | false
            """)
    void aPlanIsToldFromAResultOrAnythingElse(String text, boolean plan) {
        assertThat(PlanFile.looksLikePlan(text.replace("\\n", "\n"))).isEqualTo(plan);
    }
}
