package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input to {@code gale run}: exit code 2, nothing on stdout, and on stderr exactly one line per problem
 * that names the flag and the value given, with no stack trace. The URL is never contacted: every case fails
 * before any connection opens.
 */
class RunCommandErrorsTest {
    private static final String URL = "http://127.0.0.1:1/";
    private static final String HINT = ". Give a full URL such as http://127.0.0.1:8080/path";

    @ParameterizedTest(name = "gale run {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // arguments after 'run' | flag named | value named | the whole message after 'error: '
                "-R 0 " + URL + "|--rate|0|--rate must be > 0 (got 0). Omit --rate to run a closed model",
                "-R -5 " + URL + "|--rate|-5|--rate must be > 0 (got -5). Omit --rate to run a closed model",
                "-R abc " + URL + "|--rate|abc|--rate must be a number of requests per second or FROM..TO (got 'abc')",
                "-R 0..0 -d 5s " + URL + "|--rate|0..0|--rate 0..0: rates must be >= 0 and not both 0",
                "-R 1e400 -d 5s " + URL + "|--rate|1e400|--rate 1e400: at most 1e9 req/s, one per nanosecond",
                "-R 0..1e400 -d 5s " + URL + "|--rate|0..1e400|--rate 0..1e400: at most 1e9 req/s, one per nanosecond",
                "-R 2e9 -d 5s " + URL + "|--rate|2e9|--rate 2e9: at most 1e9 req/s, one per nanosecond",
                "--stage 1s:1e400 " + URL + "|--stage|1s:1e400|--stage: stage '1s:1e400': a rate must be at most 1e9"
                        + " req/s, one per nanosecond",
                "-R 100..200 " + URL + "|--rate|100..200|--rate 100..200 is a ramp and needs --duration",
                "-R 10 --seed 7 " + URL + "|--seed|--arrivals poisson|--seed applies to --arrivals poisson; uniform"
                        + " arrivals have nothing to seed. Add --arrivals poisson, or leave --seed out",
                "-R 10 --arrivals uniform --seed 7 " + URL + "|--seed|--arrivals poisson|--seed applies to --arrivals"
                        + " poisson; uniform arrivals have nothing to seed. Add --arrivals poisson, or leave --seed out",
                "--seed 7 " + URL + "|--seed|--arrivals poisson|--seed applies to --arrivals poisson in the open"
                        + " model: give --rate (or --stage TIME:RATE) and --arrivals poisson, or leave --seed out",
                "-c 0 " + URL + "|--connections|0|--connections must be >= 1 (got 0)",
                "-c abc " + URL + "|--connections|abc"
                        + "|Invalid value for option '--connections': 'abc' is not a whole number. See 'gale run --help'.",
                "-d 0 " + URL + "|--duration|0|--duration must be > 0 (got 0ms)",
                "-d 10x " + URL + "|--duration|10x|Invalid value for option '--duration': '10x' is not a duration"
                        + " (use e.g. 500ms, 30s, 5m, 1h). See 'gale run --help'.",
                "-n 0 " + URL + "|--requests|0|--requests must be >= 1 (got 0)",
                "--timeout 0 " + URL + "|--timeout|0|--timeout must be > 0 (got 0ms)",
                "--connect-timeout 0ms " + URL + "|--connect-timeout|0|--connect-timeout must be > 0 (got 0ms)",
                "--read-timeout 0 " + URL + "|--read-timeout|0|--read-timeout must be > 0 (got 0ms)",
                "--queue -1 " + URL + "|--queue|-1|--queue must be >= 0 (got -1)",
                "-H nocolon " + URL + "|-H|nocolon|-H: header must look like 'Name: value' (got 'nocolon')",
                "-H 'Bad Name: v' " + URL + "|-H|Bad Name: v|-H: header name must be a token (got 'Bad Name: v')",
                "-m POST --body hello -H 'Content-Length: 3' " + URL + "|Content-Length|5 bytes"
                        + "|-H: Content-Length: 3 does not match the body, which is 5 bytes; leave the header out,"
                        + " gale sets it",
                "--body hello -H 'Transfer-Encoding: chunked' " + URL + "|Transfer-Encoding|5 bytes"
                        + "|-H: Transfer-Encoding: chunked does not match the body, 5 bytes not in chunks ending with"
                        + " the last chunk (0 CRLF CRLF); leave the header out, gale sets Content-Length",
                "--body @/no/such/file " + URL
                        + "|--body|/no/such/file|--body: cannot read /no/such/file (no such file)",
                // A body that could not be read has no length to compare a Content-Length with.
                "-m POST --body @/no/such/file -H 'Content-Length: 5' " + URL
                        + "|--body|/no/such/file|--body: cannot read /no/such/file (no such file)",
                "--expect 700 " + URL + "|--expect|700|--expect: status code 700 is outside 100..599",
                "--expect 2xx,abc " + URL + "|--expect|abc"
                        + "|--expect: 'abc' is not a status code (use 200, 200..299 or 2xx)",
                "--max-connections 10 -c 64 " + URL
                        + "|--max-connections|10|--max-connections 10 is below --connections 64:"
                        + " in the closed model every connection is a user. Raise --max-connections or lower --connections",
                "--max-connections 0 -R 10 " + URL + "|--max-connections|0|--max-connections must be >= 1 (got 0)",
                "--threads -1 " + URL + "|--threads|-1|--threads must be >= 1, or 0 for one per core (got -1)",
                "-t 1000 " + URL + "|--threads|1000|--threads 1000 is more than the 64 connections of target"
                        + " '127.0.0.1:1': each thread needs one of its own to every target, as wrk needs connections"
                        + " >= threads. Give at most -t 64, or -c 1000",
                "-t 100 -R 10 --max-connections 8 " + URL + "|--threads|100|--threads 100 is more than the 8"
                        + " connections of target '127.0.0.1:1': each thread needs one of its own to every target, as"
                        + " wrk needs connections >= threads. Give at most -t 8, or --max-connections 100",
                "-t 9 --stage 5s:8c " + URL + "|--threads|9|--threads 9 is more than the 8 connections of target"
                        + " '127.0.0.1:1': each thread needs one of its own to every target, as wrk needs connections"
                        + " >= threads. Give at most -t 8, or --max-connections 9",
                "--method 'BAD METHOD' " + URL
                        + "|--method|BAD METHOD|--method 'BAD METHOD' is not an HTTP method token",
                "ftp://x|URL|ftp://x|invalid URL 'ftp://x': only http:// and https:// are supported" + HINT,
                "http://|URL|http://|invalid URL 'http://': the host is missing" + HINT,
                "127.0.0.1:27180|URL|127.0.0.1:27180|invalid URL '127.0.0.1:27180': the scheme is missing; add"
                        + " http:// or https:// (e.g. http://127.0.0.1:27180/)",
                "--bogus " + URL + "|--bogus|--bogus|Unknown option: '--bogus'. See 'gale run --help'.",
                "--treshold p99<1s " + URL + "|--treshold|--threshold|Unknown option: '--treshold'; did you mean"
                        + " --threshold? See 'gale run --help'.",
                "--treshold=p99<1s " + URL + "|--treshold|--threshold|Unknown option: '--treshold=p99<1s'; did you"
                        + " mean --threshold? See 'gale run --help'.",
                "--thres p99<1s " + URL + "|--thres|--threshold|Unknown option: '--thres'; did you mean"
                        + " --threshold? See 'gale run --help'.",
                "--json '' " + URL + "|--json|--json|--json is empty; give a file name",
                // A request that waited longer would be recorded as an hour, where the histograms end.
                "--timeout 2h " + URL + "|--timeout|2h|--timeout: 2h is longer than 1h, the longest timeout (gale"
                        + " measures latencies up to an hour)",
            })
    void badInputExitsTwoWithOneLineNamingTheFlagAndTheValue(String args, String flag, String value, String message) {
        Gale.Result r = Gale.run(Gale.split("run " + args));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("error: " + message);
        assertThat(message).contains(flag).contains(value);
        assertNoStackTrace(r.err());
    }

    @Test
    void aBodyGivenToDashDAsHeyAndCurlTakeItIsToldThatDashDIsTheDurationAsInWrk() {
        Gale.Result r = Gale.run("run", "-c", "10", "-m", "POST", "-d", "{\"a\":1}", URL);
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly("error: Invalid value for option '--duration': '{\"a\":1}' is not a duration (use e.g."
                        + " 500ms, 30s, 5m, 1h) (-d is the duration, as in wrk; give a request body with --body)."
                        + " See 'gale run --help'.");
        Gale.Result text = Gale.run("run", "--duration", "hello", URL);
        assertThat(text.errLines())
                .singleElement()
                .asString()
                .endsWith(" (-d is the duration, as in wrk; give a"
                        + " request body with --body). See 'gale run --help'.");
        // A mistyped duration is no body: 10x keeps the plain message (see above), and so does the timeout's.
        Gale.Result timeout = Gale.run("run", "--timeout", "hello", URL);
        assertThat(timeout.err()).contains("'hello' is not a duration").doesNotContain("--body");
        assertNoStackTrace(r.err() + text.err());
    }

    /**
     * vegeta and hey write long options with one dash ({@code -rate=50}); picocli read {@code -duration=5s} as
     * {@code -d uration=5s} and {@code -timeout} as {@code -t imeout}, and the values after them out of place.
     */
    @ParameterizedTest(name = "gale {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "run -rate=50 -duration=5s " + URL + "|-rate=50: gale's long options take two dashes: --rate=50"
                        + "|-duration=5s: gale's long options take two dashes: --duration=5s",
                "run -c 5 -n10 -timeout 2s " + URL + "|-timeout: gale's long options take two dashes: --timeout|",
                "run -dry-run -R 10 " + URL + "|-dry-run: gale's long options take two dashes: --dry-run|",
                "run -json=out.json -c abc " + URL + "|-json=out.json: gale's long options take two dashes:"
                        + " --json=out.json|",
                "serve -port 0|-port: gale's long options take two dashes: --port|",
                "demo -rate 10|-rate: gale's long options take two dashes: --rate|",
            })
    void aLongOptionWithOneDashIsToldToTakeTwoAndNothingElseIsReported(String args, String first, String second) {
        Gale.Result r = Gale.run(Gale.split(args));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        if (second == null) {
            assertThat(r.errLines()).containsExactly("error: " + first);
        } else {
            assertThat(r.errLines()).containsExactly("error: " + first, "error: " + second);
        }
        assertNoStackTrace(r.err());
    }

    @Test
    void shortOptionsWithTheirValuesJoinedAndOptionLikeValuesStillWork() {
        Gale.Result r = Gale.run("run", "--dry-run", "-t2", "-c10", "-d2s", "-n10", "--body", "-rate=5", URL);
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("Plan: 1 target, 1 request, 1 phase, 2 threads", "10 connections", "body 7B");
    }

    /** wrk, hey and ab take the URL and the flags without a command before them. */
    @ParameterizedTest(name = "gale {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                URL + "|gale run " + URL,
                "-c 10 -d 2s " + URL + "|gale run -c 10 -d 2s " + URL,
                "-c10 -d2s " + URL + "|gale run -c10 -d2s " + URL,
                "--rate=50 " + URL + "|gale run --rate=50 " + URL,
                "-k " + URL + "|gale run -k " + URL,
                "plan.yaml|gale run plan.yaml",
                // Given after the options, the command is moved first, not added.
                "-d 2s run " + URL + "|gale run -d 2s " + URL,
            })
    void aUrlOrAnOptionOfRunWithoutACommandIsToldToPutRunFirst(String args, String meant) {
        Gale.Result r = Gale.run(Gale.split(args));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("error: gale needs a command first: " + meant);
        assertNoStackTrace(r.err());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // picocli blamed the first option: "Unknown option: '-c'", the command being what was misspelt.
                "runn -c 10 -d 1s " + URL + "|unknown command 'runn'; did you mean 'run'?",
                "serv --port 8080|unknown command 'serv'; did you mean 'serve'?",
                "comapre a.json b.json|unknown command 'comapre'; did you mean 'compare'?",
                "Report r.json|unknown command 'Report'; did you mean 'report'?",
                // Nothing close: the commands there are.
                "worker --bootstrap x|unknown command 'worker'",
                "version|unknown command 'version'; did you mean 'gale --version'?",
            })
    void aMisspeltCommandIsNamedWithTheOneMeant(String args, String line) {
        Gale.Result r = Gale.run(Gale.split(args));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly("error: " + line
                        + " (gale's commands: run, serve, demo, report, compare, help; see 'gale --help')");
        assertNoStackTrace(r.err());
    }

    @Test
    void theCommandToRunInsteadIsQuotedForTheShell() {
        Gale.Result r = Gale.run("-H", "X-A: it's", URL);
        assertThat(r.errLines())
                .containsExactly("error: gale needs a command first: gale run -H 'X-A: it'\\''s' " + URL);
        Gale.Result other = Gale.run("--bogus", URL);
        assertThat(other.errLines()).containsExactly("error: Unknown option: '--bogus'. See 'gale --help'.");
    }

    @Test
    void aDryRunListsTheOutputsTheRunWouldWrite() {
        Gale.Result r = Gale.run(Gale.split("run --dry-run --json out.json --csv - " + URL));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out())
                .as("stdout is the CSV's alone, which a dry run does not write")
                .isEmpty();
        assertThat(r.err())
                .endsWith("\n\nOutputs (written when the run ends)\n"
                        + "  --json                 out.json\n"
                        + "  --csv                  stdout\n");
        Gale.Result none = Gale.run(Gale.split("run --dry-run " + URL));
        assertThat(none.out()).doesNotContain("Outputs");
        // The interval log goes to a file as the run goes; on stdout, as the other documents, at the end.
        assertThat(Gale.run(Gale.split("run --dry-run --hlog run.hlog " + URL)).out())
                .contains("Outputs (written when the run ends; the interval log as it goes)");
        assertThat(Gale.run(Gale.split("run --dry-run --hlog - " + URL)).err())
                .contains("Outputs (written when the run ends)\n");
    }

    @Test
    void aZeroSecondStageIsAStepToItsTargetAsInK6() {
        Gale.Result r = Gale.run(Gale.split("run --dry-run --stage 0s:100 --stage 2s:100 " + URL));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out())
                .contains("\n  1. stage 2          0s .. 2s     open model, 100 req/s, 2s\n")
                .contains("\n  total 2s, about 200 measured requests");
    }

    @Test
    void eachUnknownOptionIsNamedOnItsOwnLineAndNoArgumentReadOutOfPlaceWithThem() {
        Gale.Result r = Gale.run(Gale.split("run --conections 5 --bogus " + URL));
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .containsExactly(
                        "error: Unknown option: '--conections'; did you mean --connections? See 'gale run --help'.",
                        "error: Unknown option: '--bogus'. See 'gale run --help'.");
    }

    @Test
    void anOutputFileThatCannotBeWrittenExitsTwoBeforeAnythingIsSent(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        // The URL is a refused port: reaching the pre-flight check would exit 3, so exit 2 shows the order.
        Gale.Result r = Gale.run(
                "run", "--json", file.resolve("run.json").toString(), "--html", dir.toString(), "http://127.0.0.1:1/");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .containsExactly(
                        "error: --json " + file.resolve("run.json") + ": " + file
                                + " is not a folder; give a file in a folder",
                        "error: --html " + dir + " is a folder; give a file name");
        assertNoStackTrace(r.err());
    }

    @Test
    void aHeaderValueWithALineBreakExitsTwoWithOneLine() {
        Gale.Result r = Gale.run("run", "-H", "X-A: a\r\nHost: elsewhere", URL);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .containsExactly("error: -H: the value of header 'X-A' must be one line; it has a line break");
    }

    /** A control character at the end of a value was trimmed away, and the request sent without it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"URL", "GOOD"})
    void aHeaderWithAControlCharacterExitsTwoNamingTheHeaderAndTheCharacter(String mode) {
        String where = mode.equals("URL") ? URL : "src/test/resources/plans/good.yaml";
        for (String[] header : new String[][] {
            {
                "X-A: b\u0001",
                "-H: the value of header 'X-A' has a control character (\\u0001); HTTP allows only a tab: remove it"
            },
            {
                "X-A: \u001Fb",
                "-H: the value of header 'X-A' has a control character (\\u001F); HTTP allows only a tab: remove it"
            },
            {
                "X-A\u0001: b",
                "-H: the name of header 'X-A\\u0001' has a control character (\\u0001); HTTP allows none in a name: remove it"
            },
        }) {
            Gale.Result r = Gale.run("run", "--dry-run", "-H", header[0], where);
            assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).containsExactly("error: " + header[1]);
        }
    }

    @Test
    void aMissingUrlExitsTwoWithOneLine() {
        Gale.Result r = Gale.run("run");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly("error: Missing required parameter: 'URL|PLAN'. See 'gale run --help'.");
    }

    @Test
    void severalProblemsAreAllReportedAtOnce() {
        Gale.Result r = Gale.run(Gale.split(
                "run -c 0 -d 0 -n 0 --timeout 0 -H x --expect 999" + " --method 'A B' --body @/no/such/file ftp://x"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly(
                        "error: --connections must be >= 1 (got 0)",
                        "error: --requests must be >= 1 (got 0)",
                        "error: --duration must be > 0 (got 0ms)",
                        "error: --timeout must be > 0 (got 0ms)",
                        "error: -H: header must look like 'Name: value' (got 'x')",
                        "error: --expect: status code 999 is outside 100..599",
                        "error: --body: cannot read /no/such/file (no such file)",
                        "error: --method 'A B' is not an HTTP method token",
                        "error: invalid URL 'ftp://x': only http:// and https:// are supported" + HINT);
        assertNoStackTrace(r.err());
    }

    @Test
    void openModelProblemsAreReportedTogetherToo() {
        Gale.Result r = Gale.run(Gale.split("run -R 0 --queue -1 --threads -2 " + URL));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .containsExactly(
                        "error: --queue must be >= 0 (got -1)",
                        "error: --threads must be >= 1, or 0 for one per core (got -2)",
                        "error: --rate must be > 0 (got 0). Omit --rate to run a closed model");
    }

    @Test
    void verboseAddsTheStackTraceOfAParseError() {
        Gale.Result r = Gale.run(Gale.split("run --verbose -d 10x " + URL));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines().get(0)).startsWith("error: Invalid value for option '--duration'");
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void aRefusedPortExitsThreeWithOneLine() {
        // Nothing listens on port 1 of the loopback interface: the pre-flight connect is refused at once.
        Gale.Result r = Gale.run("run", "-d", "1s", URL);
        assertThat(r.exitCode()).as("stderr: %s", r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly(
                        "error: cannot connect to http://127.0.0.1:1 (connection refused). Is the server running?");
    }

    static void assertNoStackTrace(String err) {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
    }
}
