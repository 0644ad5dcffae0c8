package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.report.JsonReport;
import dev.gale.report.SampleResults;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Every command, like {@code gale run}, reports all the problems of its arguments at once: a line each,
 * whether picocli rejects the value or the command does, then exit 2 having started, read past or written
 * nothing. A problem that makes another check meaningless hides it (a missing file is not also checked for its
 * content), and after a misspelled option only picocli's line is printed, since the arguments after it are read
 * out of place.
 *
 * <p>In the command lines, DIR is a folder, FILE a plain file (so FILE/x.json is in no folder), MISSING a file
 * that does not exist, FOREIGN a JSON file that is not a gale result and GOOD a saved result.
 */
class EveryProblemAtOnceTest {
    private static final String DURATION = "is not a duration (use e.g. 500ms, 30s, 5m, 1h)";
    private static final String HINT = ". Give a file written by gale run --json FILE";

    @TempDir
    Path dir;

    private Path file;
    private Path missing;
    private Path foreign;
    private Path good;

    @BeforeEach
    void files() throws Exception {
        file = Files.writeString(dir.resolve("plain"), "x");
        missing = dir.resolve("missing.json");
        foreign = Files.writeString(dir.resolve("foreign.json"), "{\"hello\": 1}");
        good = dir.resolve("good.json");
        JsonReport.write(SampleResults.typical(), good);
    }

    @Test
    void serveReportsAValueThatDoesNotConvertTogetherWithTheOthers() {
        exitsTwoWithExactly(
                "serve --port abc --delay xyz --error-rate 2",
                "Invalid value for option '--port': 'abc' is not a whole number. See 'gale serve --help'.",
                "--error-rate must be between 0 and 1, or 0% and 100% (got 2)",
                "--delay: 'xyz' " + DURATION);
    }

    @Test
    void serveReportsEveryValueOutOfRange() {
        exitsTwoWithExactly(
                "serve --port 70000 --error-rate 2 --delay 5ms",
                "--port must be 0..65535 (got 70000)",
                "--error-rate must be between 0 and 1, or 0% and 100% (got 2)");
        exitsTwoWithExactly(
                "serve --host '' -p -1 --error-rate -0.5 --body-size -1 -t 0 --delay 5..1",
                "--host is empty; give an address of this machine, such as 127.0.0.1",
                "--port must be 0..65535 (got -1)",
                "--error-rate must be between 0 and 1, or 0% and 100% (got -0.5)",
                "--body-size must be 0..67108864 bytes, 64 MiB (got -1)",
                "--threads must be >= 1 (got 0)",
                "--delay: the range 5..1 is empty (5ms to 1ms; a bare number is milliseconds); write it as min..max");
        exitsTwoWithExactly(
                "serve -t x --body-size y --delay 1ms..soon",
                "Invalid value for option '--threads': 'x' is not a whole number. See 'gale serve --help'.",
                "Invalid value for option '--body-size': 'y' is not a whole number. See 'gale serve --help'.",
                "--delay: 'soon' " + DURATION);
    }

    @Test
    void demoReportsEveryBadFlagAndOutputBeforeTheTargetStarts() {
        exitsTwoWithExactly("demo -d 0s --rate -5", "--rate must be > 0 (got -5)", "--duration must be > 0 (got 0ms)");
        exitsTwoWithExactly(
                "demo -c 0 -R Infinity -d 0 --json FILE/run.json --html DIR",
                "--rate must be a number of requests per second (got 'Infinity')",
                "--connections must be >= 1 (got 0)",
                "--duration must be > 0 (got 0ms)",
                "--json " + file.resolve("run.json") + ": " + file + " is not a folder; give a file in a folder",
                "--html " + dir + " is a folder; give a file name");
        exitsTwoWithExactly(
                "demo --progress loud -d xyz -c 0",
                "Invalid value for option '--progress': expected one of [auto, fancy, plain, off]"
                        + " (case-insensitive) but was 'loud'. See 'gale demo --help'.",
                "Invalid value for option '--duration': 'xyz' " + DURATION + ". See 'gale demo --help'.",
                "--connections must be >= 1 (got 0)");
    }

    @Test
    void reportChecksTheResultAndEveryOutputTogether() {
        exitsTwoWithExactly(
                "report MISSING --html DIR --csv FILE/r.csv",
                "cannot read " + missing + " (no such file)" + HINT,
                "--html " + dir + " is a folder; give a file name",
                "--csv " + file.resolve("r.csv") + ": " + file + " is not a folder; give a file in a folder");
        exitsTwoWithExactly(
                "report FOREIGN --percentiles DIR",
                foreign + " is not a gale result (expected \"format\": \"gale-result/1\"). Write one with gale run"
                        + " --json FILE",
                "--percentiles " + dir + " is a folder; give a file name");
        exitsTwoWithExactly(
                "report DIR --json DIR",
                "cannot read " + dir + ": it is a directory" + HINT,
                "--json " + dir + " is a folder; give a file name");
    }

    @Test
    void compareChecksBothResultsTheNoiseFloorAndTheHtmlTogether() {
        exitsTwoWithExactly(
                "compare MISSING DIR --noise lots --html DIR",
                "cannot read " + missing + " (no such file)" + HINT,
                "cannot read " + dir + ": it is a directory" + HINT,
                "--noise must be a percentage such as 5% or a fraction such as 0.05 (got 'lots')",
                "--html " + dir + " is a folder; give a file name");
        exitsTwoWithExactly(
                "compare FOREIGN GOOD --noise 2 --html FILE/c.html",
                foreign + " is not a gale result (expected \"format\": \"gale-result/1\"). Write one with gale run"
                        + " --json FILE",
                "--noise must be between 0% and 100% (got 2)",
                "--html " + file.resolve("c.html") + ": " + file + " is not a folder; give a file in a folder");
    }

    @Test
    void compareNamesAFileGivenTwiceOnce() {
        exitsTwoWithExactly("compare MISSING MISSING", "cannot read " + missing + " (no such file)" + HINT);
    }

    @Test
    void runReportsItsOutputsTogetherWithThePlan() {
        exitsTwoWithExactly(
                "run -R -5 -d 10x http://127.0.0.1:1/ --json DIR",
                "Invalid value for option '--duration': '10x' " + DURATION + ". See 'gale run --help'.",
                "--rate must be > 0 (got -5). Omit --rate to run a closed model",
                "--json " + dir + " is a folder; give a file name");
    }

    @Test
    void runListsThePlansProblemsInTheOrderOfTheFileThenTheFlags() throws Exception {
        // The schema's were listed before the plan's own rules', each in an order of its own: 9, 8, 6, 1.
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                timeout: 2s
                targets:
                  - url: http://127.0.0.1:1
                requests:
                  - path: /
                    timeout: 1s
                rate: 100
                output:
                  jsn: x.json
                  html: true
                """);
        exitsTwoWithExactly(
                "run " + plan + " --csv DIR",
                plan + ":1: timeout: unknown field; timeout is a target's setting: put it under each of targets[]",
                plan + ":6: requests[0].timeout: unknown field; timeout is a target's setting: put it under each of"
                        + " targets[]",
                plan + ":9: output.jsn: unknown field; did you mean 'json'?",
                plan + ":10: output.html: must be a string, got true",
                "--csv " + dir + " is a folder; give a file name");
    }

    @Test
    void runReportsARateTooHighBesideADurationTooLongAndSaysTheLongest() throws Exception {
        // The rate was lost: it was not looked at once the duration could not be read.
        Path plan = Files.writeString(dir.resolve("huge.yaml"), """
                targets:
                  - url: http://127.0.0.1:1
                    max_connections: 10000000
                requests:
                  - path: /
                rate: 1e12
                duration: 100000d
                """);
        exitsTwoWithExactly(
                "run --dry-run " + plan,
                plan + ":3: targets[0].max_connections: must be <= 65535, got 10000000",
                plan + ":6: rate: must be at most 1e9 req/s, one per nanosecond, got 1000000000000",
                plan + ":7: duration: duration '100000d' is too long: the longest is 53375d (about 146 years), as gale"
                        + " counts time in nanoseconds");
    }

    @Test
    void runReportsAProblemInAMergedAnchorWhereItIsWrittenForEachTargetThatMergesIt() throws Exception {
        // Aliases were refused: 'a YAML alias (*common) is not read as its value here; write the value out'.
        Path plan = Files.writeString(dir.resolve("anchors.yaml"), """
                x-common: &common
                  timeout: 0s
                targets:
                  - {name: a, url: 'http://127.0.0.1:1', <<: *common}
                  - name: b
                    url: http://127.0.0.1:2
                    <<: *common
                requests:
                  - {target: a, headers: &h {X-A: '1'}, expect: 700}
                  - {target: b, path: /b, headers: *h}
                """);
        String zero = ": must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds),"
                + " got '0s'";
        exitsTwoWithExactly(
                "run --dry-run " + plan,
                plan + ":2: targets[0].timeout" + zero,
                plan + ":2: targets[1].timeout" + zero,
                plan + ":9: requests[0].expect: status code 700 is outside 100..599");
    }

    @Test
    void runRefusesAnAliasBombInOneLine() throws Exception {
        StringBuilder yaml = new StringBuilder("x-0: &l0 lol\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("x-").append(level).append(": &l").append(level).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1))));
            yaml.append("]\n");
        }
        Path plan = Files.writeString(dir.resolve("lol.yaml"), yaml + "targets: [{url: 'http://127.0.0.1:1'}]\n");
        exitsTwoWithExactly(
                "run --dry-run " + plan,
                plan + ":7: x-6[0]: the aliases copy more than 100000 values into the plan (an alias copies all of its"
                        + " anchor's value, the aliases in it too); use fewer aliases");
    }

    @ParameterizedTest(name = "gale {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a misspelled option, a missing value, too many or too few arguments: picocli's line only
            serve --prot 70000 --error-rate 2       | Unknown option: '--prot'; did you mean --port? See 'gale serve --help'.
            serve --error-rate 2 --port             | Missing required parameter for option '--port' (PORT). See 'gale serve --help'.
            serve 8080 --error-rate 2               | Unmatched argument at index 1: '8080'. See 'gale serve --help'.
            demo --rat 5 -d 0                       | Unknown option: '--rat'; did you mean --rate? See 'gale demo --help'.
            report MISSING --htm DIR                | Unknown option: '--htm'; did you mean --html? See 'gale report --help'.
            report GOOD GOOD --html DIR             | Unmatched argument at index 2: 'GOOD'. See 'gale report --help'.
            report                                  | Missing required parameter: 'RESULT'. See 'gale report --help'.
            compare MISSING                         | Missing required parameter: 'AFTER'. See 'gale compare --help'.
            compare MISSING MISSING MISSING         | Unmatched argument at index 3: 'MISSING'. See 'gale compare --help'.
            compare MISSING GOOD --nosie 1%         | Unknown option: '--nosie'; did you mean --noise? See 'gale compare --help'.
            """)
    void aMisspelledOptionOrAMisplacedArgumentIsNotFollowedByNoise(String line, String expected) {
        Gale.Result r = gale(line);
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines()).as("stderr").containsExactly("error: " + expand(expected));
        assertThat(r.errLines())
                .as("no line about an argument picocli may have read out of place")
                .noneMatch(l -> l.contains("cannot read") || l.contains("must be") || l.contains("folder"));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void verboseAddsTheStackTrace() {
        Gale.Result r = gale("serve --verbose --port 70000 --error-rate 2");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .startsWith(
                        "error: --port must be 0..65535 (got 70000)",
                        "error: --error-rate must be" + " between 0 and 1, or 0% and 100% (got 2)");
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void aResultWrittenByAShortRunIsReportedAndCompared() {
        Path saved = dir.resolve("out/demo.json"); // a folder that does not exist yet is created
        Gale.Result demo =
                Gale.run("demo", "-d", "300ms", "-R", "200", "--progress", "off", "--json", saved.toString());
        assertThat(demo.exitCode()).as("%s", demo).isZero();
        assertThat(saved).exists();

        Gale.Result report = Gale.run(
                "report", saved.toString(), "--csv", dir.resolve("demo.csv").toString());
        assertThat(report.exitCode()).as("%s", report).isZero();
        assertThat(report.out()).contains("Response time (from the intended start)");
        assertThat(report.errLines()).containsExactly("wrote " + dir.resolve("demo.csv"));

        Gale.Result compare = Gale.run("compare", saved.toString(), good.toString(), "--noise", "5%");
        assertThat(compare.exitCode()).as("%s", compare).isZero();
        assertThat(compare.out()).contains("p50");
        assertThat(compare.err()).isEmpty();
    }

    @Test
    void goodServeFlagsGiveTheirOptions() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(Gale.split("--port 0 --delay 1ms..5ms --error-rate 0.5 --body-size 0 -t 2"));
        assertThat(serve.problems()).isEmpty();
        ServeOptions o = serve.checked();
        assertThat(List.of(o.port(), o.minDelay(), o.maxDelay(), o.errorRate(), o.bodySize(), o.threads()))
                .containsExactly(0, Duration.ofMillis(1), Duration.ofMillis(5), 0.5, 0, 2);
    }

    private Gale.Result gale(String line) {
        String[] args = Gale.split(line);
        for (int i = 0; i < args.length; i++) {
            args[i] = expand(args[i]);
        }
        return Gale.run(args);
    }

    /** The command line or message with DIR, FILE, MISSING, FOREIGN and GOOD replaced by their paths. */
    private String expand(String s) {
        return s.replace("MISSING", missing.toString())
                .replace("FOREIGN", foreign.toString())
                .replace("GOOD", good.toString())
                .replace("FILE", file.toString())
                .replace("DIR", dir.toString());
    }

    private void exitsTwoWithExactly(String line, String... errors) {
        Gale.Result r = gale(line);
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .as("stderr, a line per problem")
                .containsExactly(
                        java.util.Arrays.stream(errors).map(e -> "error: " + e).toArray(String[]::new));
        assertThat(r.out()).as("nothing on stdout").isEmpty();
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }
}
