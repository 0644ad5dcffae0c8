package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed plans and contradictory flags: each exits 2 before anything is sent, with exactly one line on
 * stderr that names the place (file:line: field, or the flag). Several problems give a line each, whether
 * picocli rejects the value (it does not convert) or gale does (it converts, but is out of range). The URL is
 * never contacted.
 */
class MalformedInputTest {
    private static final String BAD = "src/test/resources/plans/bad/";
    private static final String GOOD = "src/test/resources/plans/good.yaml";
    private static final String URL = "http://127.0.0.1:1/";

    /** {@code gale run} with the arguments of {@code line}, BAD/, GOOD and URL replaced. */
    static Gale.Result run(String line) {
        List<String> args = new ArrayList<>(List.of("run"));
        for (String a : line.trim().split("\\s+")) {
            args.add(a.replace("BAD/", BAD).replace("GOOD", GOOD).replace("URL", URL));
        }
        return Gale.run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # plan file (BAD/) or flags            | the place and what is wrong, as the one error line says
            BAD/wrong-type.yaml                    | wrong-type.yaml:7: phases[0].rate: must be a rate
            BAD/wrong-type-threads.yaml            | wrong-type-threads.yaml:5: threads: must be a whole number, got 'many'
            BAD/unknown-field.yaml                 | unknown-field.yaml:3: targets[0].max_conections: unknown field; did you mean 'max_connections'?
            BAD/negative-rate.yaml                 | negative-rate.yaml:9: phases[1].rate: must be > 0, got -5
            BAD/zero-rate.yaml                     | zero-rate.yaml:5: rate: must be > 0, got 0
            BAD/negative-connections.yaml          | negative-connections.yaml:5: connections: must be >= 1, got -1
            BAD/ramp-no-duration.yaml              | ramp-no-duration.yaml:5: rate: the ramp 10..100 needs a duration
            BAD/missing-body-file.yaml             | missing-body-file.yaml:5: requests[0].body_file: cannot read
            BAD/invalid-url.yaml                   | invalid-url.yaml:2: targets[0].url: invalid URL 'ftp://127.0.0.1:1'
            BAD/missing-url.yaml                   | missing-url.yaml:2: targets[0].url: missing
            BAD/no-targets.yaml                    | no-targets.yaml:1: targets: missing
            BAD/duplicate-target.yaml              | duplicate-target.yaml:4: targets[1].name: the target name 'a' is already used
            BAD/duplicate-request.yaml             | duplicate-request.yaml:6: requests[1].name: the request name 'home' is already used
            BAD/duplicate-key.yaml                 | duplicate-key.yaml:6: rate: the key is given twice
            BAD/phases-and-rate.yaml               | phases-and-rate.yaml:5: rate: contradicts phases
            BAD/rate-and-connections.yaml          | rate-and-connections.yaml:8: phases[0].connections: contradicts rate
            BAD/burst-closed.yaml                  | burst-closed.yaml:6: burst: burst applies to the open model
            BAD/tick-closed.yaml                   | tick-closed.yaml:6: tick: tick applies to the open model
            BAD/bad-tick.yaml                      | bad-tick.yaml:6: tick: must be a tick such as 1ms or 5ms, or 0 for none, got 'often'
            BAD/mixed-stages.yaml                  | mixed-stages.yaml:7: stages[1].connections: all stages must ramp the same thing
            BAD/body-and-file.yaml                 | body-and-file.yaml:6: requests[0].body_file: contradicts body
            BAD/unknown-target.yaml                | unknown-target.yaml:5: requests[0].target: no target is named 'web'
            BAD/which-target.yaml                  | which-target.yaml:7: requests[0]: target: missing; the plan has 2 targets
            BAD/bad-threshold.yaml                 | bad-threshold.yaml:6: thresholds[0]: threshold 'p99 under 50ms' is not of the form
            BAD/threshold-unknown-request.yaml     | threshold-unknown-request.yaml:6: thresholds[0]: no request is named 'checkout'
            BAD/grace-without-abort.yaml           | grace-without-abort.yaml:6: thresholds[0].grace: a grace period needs abort_on_fail
            BAD/bad-duration.yaml                  | bad-duration.yaml:5: duration: must be a duration above zero such as 500ms
            BAD/zero-duration.yaml                 | zero-duration.yaml:6: duration: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '0ms'
            BAD/duration-with-space.yaml           | duration-with-space.yaml:6: duration: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '30s 5s'
            BAD/zero-phase-duration.yaml           | zero-phase-duration.yaml:6: phases[0].duration: must be a duration above zero
            BAD/too-long-duration.yaml             | too-long-duration.yaml:6: duration: duration '999999999h' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds
            BAD/sub-nanosecond-phase.yaml          | sub-nanosecond-phase.yaml:6: phases[0].duration: duration '0.0000000001s' is shorter than a nanosecond
            BAD/bad-expect.yaml                    | bad-expect.yaml:5: requests[0].expect: status code 999 is outside 100..599
            BAD/bad-header.yaml                    | bad-header.yaml:6: requests[0].headers.Bad Name: 'Bad Name' is not a valid header name
            BAD/arrivals-typo.yaml                 | arrivals-typo.yaml:6: arrivals: must be one of uniform, poisson, got 'possion'
            BAD/path-without-slash.yaml            | path-without-slash.yaml:4: requests[0].path: must be a path starting with /
            BAD/output-unknown.yaml                | output-unknown.yaml:6: output.jsn: unknown field; did you mean 'json'?
            BAD/output-folder.yaml                 | output-folder.yaml: output.json src/test/resources/plans is a folder; give a file name
            BAD/output-progress.yaml               | output-progress.yaml:6: output.progress: must be one of auto, fancy, plain, off, got 'loud'
            BAD/not-a-plan.yaml                    | not-a-plan.yaml:1: must be a mapping (key: value), got 'this is a text file and not a plan word word word word wo...'
            BAD/middle-phase-count.yaml            | middle-phase-count.yaml:6: phases[0]: only the last phase may end on max_requests alone
            BAD/phase-without-load.yaml            | phase-without-load.yaml:6: phases[0]: give the phase a load
            BAD/all-warmup.yaml                    | all-warmup.yaml:5: phases: every phase is a warm-up
            BAD/syntax.yaml                        | syntax.yaml:3: not valid YAML
            BAD/two-documents.yaml                 | two-documents.yaml:7: a second YAML document starts here, but a plan is one document
            BAD/empty.yaml                         | empty.yaml: the plan is empty
            BAD/no-such-plan.yaml                  | no-such-plan.yaml: cannot read the plan (no such file)
            GOOD -d 5s                             | --duration: contradicts the plan's phases
            GOOD -R fast                           | --rate: must be a rate in requests per second
            GOOD --stage 10s:100 -d 5s             | --stage contradicts -d
            GOOD --threshold nope:p99<5ms          | --threshold: no request is named 'nope'
            GOOD --max-connections 0               | --max-connections: must be >= 1, got 0
            GOOD -R NaN                            | --rate: must be a rate in requests per second
            GOOD -t -1                             | --threads must be >= 1, or 0 for one per core (got -1)
            GOOD -t 100                            | --threads 100 is more than the 64 connections of target 'api': each thread needs one of its own to every target, as wrk needs connections >= threads. Give at most -t 64, or --max-connections 100
            ../examples/shop.yaml -t 16            | --threads 16 is more than the 8 connections of target 'search': each thread needs one of its own to every target, as wrk needs connections >= threads. Give at most -t 8, or --max-connections 16
            GOOD --max-connections 65536           | --max-connections must be at most 65535, the TCP ports of one client address (got 65536)
            -c 70000 -R 10 URL                     | --connections must be at most 65535, the TCP ports of one client address (got 70000)
            -c 70000 URL                           | --connections must be at most 65535, the TCP ports of one client address (got 70000)
            GOOD --body @                          | --body @: give a file name after @ (e.g. --body @payload.json)
            --body @ URL                           | --body @: give a file name after @ (e.g. --body @payload.json)
            ../examples/shop.yaml -c 100           | --connections: changes nothing here: the plan's phases set their own load and every target its own max_connections
            --max-connections 0 URL                | --max-connections must be >= 1 (got 0)
            GOOD -R Infinity                       | --rate: must be a rate in requests per second
            GOOD -R 1f                             | --rate: must be a rate in requests per second
            GOOD -R 1e10                           | --rate: must be at most 1e9 req/s, one per nanosecond, got 10000000000
            GOOD -R 1e400                          | --rate: must be at most 1e9 req/s, one per nanosecond
            GOOD -R 10..2e9 -d 5s                  | --rate: must be at most 1e9 req/s, one per nanosecond, got 10..2e9
            -R NaN URL                             | --rate must be a number of requests per second or FROM..TO (got 'NaN')
            -R 1f URL                              | --rate must be a number of requests per second or FROM..TO (got '1f')
            -R 0x1p3 URL                           | --rate must be a number of requests per second or FROM..TO (got '0x1p3')
            -R 10..Infinity -d 5s URL              | --rate must be a number of requests per second or FROM..TO (got '10..Infinity')
            --stage 5s:NaN URL                     | --stage: stage '5s:NaN': the target 'NaN' is not a number
            --stage 10s:100 -R 100 URL             | --stage contradicts -R
            --stage 10s:100 --stage 10s:5c URL     | --stage 10s:5c: all stages must ramp the same thing
            --stage 10s URL                        | --stage: stage '10s' is not DURATION:TARGET
            --burst 5 URL                          | --burst applies to the open model
            --burst -1 -R 10 URL                   | --burst must be >= 0 (got -1)
            --tick 5ms URL                         | --tick applies to the open model
            --tick often -R 10 URL                 | Invalid value for option '--tick'
            --json newdir/ -R 10 URL               | Invalid value for option '--json': 'newdir/' ends with '/', so it names a folder; give a file name in that folder
            GOOD --tick 2s                         | --tick 2s is not shorter than phase 'one' (1s) of src/test/resources/plans/good.yaml: all its arrivals would go at its start
            --tick 10s -R 10 -d 5s URL             | --tick 10s is not shorter than --duration 5s: all its arrivals would go at its start
            --tick 1500us -R 1000 -d 1ms URL       | --tick 1500us is not shorter than --duration 1ms: all its arrivals would go at its start. Use a tick well under it, such as 100us
            --tick 2s -R 10 --warmup 1s URL        | --tick 2s is not shorter than --warmup 1s
            --tick 1s --stage 5s:10 --stage 1s:0 URL | --tick 1s is not shorter than --stage 1s:0
            --stage 5s:0 URL                       | --stage: every stage's target is 0, so no request would be sent
            --stage 10s:100 --stage 0s:0 URL       | --stage 0s:0 steps to its target for the stages after it, but it is the last. Leave it out, or give it a duration above zero
            --stage 0s:100 URL                     | --stage 0s:100 steps to its target for the stages after it, but it is the last. Leave it out, or give it a duration above zero
            --stage 5s:0 --stage 2s:0 URL          | --stage: every stage's target is 0, so no request would be sent
            --stage 5s:0c URL                      | --stage: every stage's target is 0, so no request would be sent
            --stage 5s:4c --stage 1s:0c --stage 1s:0c URL | --stage 1s:0c holds 0 connections (the stage before ended at 0)
            --arrivals poisson URL                 | --arrivals applies to the open model
            --warmup 0s -R 10 URL                  | --warmup must be > 0
            -R 100..200 URL                        | --rate 100..200 is a ramp and needs --duration
            -R -5 URL                              | --rate must be > 0 (got -5)
            --threshold p99<<5 URL                 | --threshold: threshold 'p99<<5' is not of the form
            --threshold p99<50xs URL               | --threshold: threshold 'p99<50xs': '50xs' is not a duration in us, ms or s (e.g. p99<50ms; a bare number is milliseconds)
            --threshold error_rate<abc URL         | --threshold: threshold 'error_rate<abc': 'abc' is not a rate: give it in % (1%) or as a fraction (0.01), e.g. error_rate<1%
            --threshold rps>x URL                  | --threshold: threshold 'rps>x': 'x' is not a number of responses per second (e.g. rps>1000)
            --threshold x:p99<5ms -R 10 URL        | threshold 'x:p99<5ms': no request is named 'x' (requests: GET /)
            --burst abc -R 10 URL                  | Invalid value for option '--burst'
            -R 10..100 -d 10x URL                  | Invalid value for option '--duration'
            -c abc --max-connections 10 URL        | Invalid value for option '--connections'
            GOOD -d 10x                            | Invalid value for option '--duration'
            URL -t x                               | Invalid value for option '--threads'
            ftp://127.0.0.1:1/                     | invalid URL 'ftp://127.0.0.1:1/'
            src/test/resources/plans               | src/test/resources/plans' is a folder: give a URL such as http://127.0.0.1:8080/ or a plan file
            """)
    void exitsTwoWithOneLineNamingThePlace(String line, String expected) {
        Gale.Result o = run(line);
        assertThat(o.exitCode()).as("exit code; stderr: %s", o.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines()).as("stderr").hasSize(1);
        assertThat(o.errLines().get(0)).startsWith("error: ").contains(expected);
        assertThat(o.out()).as("nothing on stdout").isEmpty();
    }

    @Test
    void aPlansOutputThatNamesNoFileIsReportedWithTheFlagsRule() {
        // results/ wrote a file named "results"; a NUL in a path ended in an internal error (exit 4).
        Gale.Result o = run("BAD/output-not-a-file.yaml");
        assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines())
                .containsExactly(
                        "error: " + BAD + "output-not-a-file.yaml: output.json 'results/' ends with '/', so it names a"
                                + " folder; give a file name in that folder",
                        "error: " + BAD + "output-not-a-file.yaml: output.html 'a\\u0000b.html' is not a file name here"
                                + " (Nul character not allowed)");
    }

    @Test
    void anEmptyUrlIsNotTheCurrentFolder() {
        Gale.Result o = Gale.run("run", "");
        assertThat(o.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines())
                .containsExactly("error: the URL is empty: give a URL such as http://127.0.0.1:8080/ or a plan file"
                        + " such as plan.yaml");
    }

    @Test
    void inputEchoedInAnErrorStaysOnItsLine() {
        // A line break in an argument made one error print as two, the second an "error:" of the user's making.
        Gale.Result o = Gale.run("run", "http://127.0.0.1:1/a b\nerror: fake\r", "-H", "X-A: 1\u0007z");
        assertThat(o.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("error: "));
        assertThat(o.err()).contains("a b\\nerror: fake\\r").doesNotContain("\u0007");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # -t 0 means one event loop per core, with a URL as with a plan, and over a plan's own threads: 7
            --dry-run -t 0 URL
            --dry-run -t 0 GOOD
            --dry-run -t 0 src/test/resources/plans/seven-threads.yaml
            """)
    void threadsZeroMeansOnePerCore(String line) {
        Gale.Result o = run(line);
        int cores = Runtime.getRuntime().availableProcessors();

        assumeTrue(cores != 7, "one per core must differ from the plan's 7");
        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.out()).contains(cores == 1 ? "1 thread\n" : cores + " threads\n");
    }

    private static final String DURATION = "is not a duration (use e.g. 500ms, 30s, 5m, 1h). See 'gale run --help'.";

    @Test
    void reportsEveryBadFlagAtOnceWhetherItDoesNotConvertOrIsOutOfRange() {
        // Rejected values come first, in the order given; a rejected last argument is the hard case for picocli.
        exitsTwoWithExactly(
                "-c -5 --queue -1 URL -d 10x --burst abc --tick often -t x",
                "error: Invalid value for option '--duration': '10x' " + DURATION,
                "error: Invalid value for option '--burst': 'abc' is not a whole number. See 'gale run --help'.",
                "error: Invalid value for option '--tick': 'often' " + DURATION,
                "error: Invalid value for option '--threads': 'x' is not a whole number. See 'gale run --help'.",
                "error: --connections must be >= 1 (got -5)",
                "error: --queue must be >= 0 (got -1)");
    }

    @Test
    void numbersAndDurationsAreRefusedInGalesWordsNotJavasTypes() {
        // '1e6' is not a long, '1.5' is not an int; '-5s' is not a duration, where -d 0 must be > 0.
        exitsTwoWithExactly(
                "-n 1e6 -c 1.5 --queue 10k -d -5s URL",
                "error: Invalid value for option '--requests': '1e6' is not a whole number: write it out, e.g."
                        + " 1000000. See 'gale run --help'.",
                "error: Invalid value for option '--connections': '1.5' is not a whole number. See 'gale run"
                        + " --help'.",
                "error: Invalid value for option '--queue': '10k' is not a whole number: write it out, e.g."
                        + " 10000. See 'gale run --help'.",
                "error: Invalid value for option '--duration': '-5s' is negative: drop the minus (5s). See 'gale run"
                        + " --help'.");
    }

    @Test
    void numbersTooLargeTooSmallOrWithHugeExponentsAreToldSoAtOnce() {
        // 1e999999999 was written out digit by digit (out of memory), 1e9999999999 gave Java's
        // NumberFormatException, 20 digits were "not a whole number" and -3000000000 threads "too large".
        exitsTwoWithExactly(
                "-n 1e999999999 --queue 1e9999999999 -c 99999999999999999999 -t -3000000000 URL",
                "error: Invalid value for option '--requests': '1e999999999' is not a whole number. See 'gale run"
                        + " --help'.",
                "error: Invalid value for option '--queue': '1e9999999999' is not a whole number. See 'gale run"
                        + " --help'.",
                "error: Invalid value for option '--connections': '99999999999999999999' is too large (at most"
                        + " 2147483647). See 'gale run --help'.",
                "error: Invalid value for option '--threads': '-3000000000' is too small (at least -2147483648)."
                        + " See 'gale run --help'.");
    }

    @Test
    void reportsEveryBadFlagOverAPlanTogetherWithWhatThePlanRejects() {
        exitsTwoWithExactly(
                "GOOD --tick often -c 0 --arrivals possion --max-connections 0",
                "error: Invalid value for option '--tick': 'often' " + DURATION,
                "error: Invalid value for option '--arrivals': expected one of [UNIFORM, POISSON]"
                        + " (case-insensitive) but was 'possion'. See 'gale run --help'.",
                "error: --connections: must be >= 1, got 0",
                "error: --max-connections: must be >= 1, got 0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # other tools' options: gale's own is named, where it said only "Unknown option: '-z'"
            -z 2s URL            | error: Unknown option: '-z' (hey's duration); gale's is -d, as in wrk. See 'gale run --help'.
            --vus 10 URL         | error: Unknown option: '--vus' (k6's virtual users); gale's is -c (--connections). See 'gale run --help'.
            -z2s URL             | error: Unknown option: '-z2s' (hey's duration); gale's is -d, as in wrk. See 'gale run --help'.
            --iterations=5 URL   | error: Unknown option: '--iterations=5' (k6's request count); gale's is -n (--requests). See 'gale run --help'.
            --rps 100 URL        | error: Unknown option: '--rps' (a rate); gale's is -R (--rate): the total rate in req/s, an open model. See 'gale run --help'.
            -q 100 URL           | error: Unknown option: '-q' (hey's rate per worker); gale's is -R (--rate): the total rate in req/s, an open model. See 'gale run --help'.
            """)
    void anOptionOfAnotherLoadGeneratorIsAnsweredWithGalesOwn(String line, String expected) {
        Gale.Result o = run(line);
        assertThat(o.exitCode()).as("exit code; stderr: %s", o.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines()).as("stderr").first().isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # after an unknown option or an option missing its value, the rest is out of place: picocli's line only
            --conections 5 URL                     | error: Unknown option: '--conections'; did you mean --connections? See 'gale run --help'.
            --conections 5 GOOD -c 0               | error: Unknown option: '--conections'; did you mean --connections? See 'gale run --help'.
            -R -d 10s URL                          | error: Expected parameter for option '--rate' but found '-d'. See 'gale run --help'.
            -t -c 5 GOOD                           | error: Expected parameter for option '--threads' but found '-c'. See 'gale run --help'.
            """)
    void aMisspelledOptionOrAMissingValueIsNotFollowedByErrorsAboutArgumentsReadOutOfPlace(
            String line, String expected) {
        Gale.Result o = run(line);
        assertThat(o.exitCode()).as("exit code; stderr: %s", o.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines()).as("stderr").first().isEqualTo(expected);
        assertThat(o.errLines())
                .as("no line blames a value the user did not give")
                .noneMatch(l -> l.contains("invalid URL") || l.contains("must be >= 1"));
    }

    private static void exitsTwoWithExactly(String line, String... errors) {
        Gale.Result o = run(line);
        assertThat(o.exitCode()).as("exit code; stderr: %s", o.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(o.errLines()).as("stderr, a line per problem").containsExactly(errors);
        assertThat(o.out()).as("nothing on stdout").isEmpty();
        RunCommandErrorsTest.assertNoStackTrace(o.err());
    }
}
