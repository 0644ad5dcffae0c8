package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paths {@code gale run} is to write are checked before anything is sent: a file that could not be
 * written after the run would waste it. Each problem is one line and the run exits 2. The URL is a refused
 * port: a check that passed would reach the pre-flight connect and exit 3, so exit 2 shows the order.
 */
class RunOutputPathsTest {
    private static final String URL = "http://127.0.0.1:1/";

    /** A folder that exists but takes no new file, whoever asks (root too): the kernel's process view. */
    private static final Path PROC = Path.of("/proc");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--json", "--html", "--csv", "--hlog", "--percentiles", "--junit"})
    void anOutputInAFolderThatTakesNoNewFileIsRefusedBeforeTheRun(String flag) {
        assumeTrue(refusesNewFiles(PROC), "needs a /proc that takes no new file");

        Gale.Result r = Gale.run("run", "-n", "10", flag, "/proc/x.out", URL);

        exitsTwoWithExactly(r, flag + " /proc/x.out: cannot create files in /proc; choose another folder");
    }

    @Test
    void anOutputWhoseFoldersAreMissingIsCheckedWhereTheyWouldBeCreated() {
        assumeTrue(refusesNewFiles(PROC), "needs a /proc that takes no new file");

        Gale.Result r = Gale.run("run", "--json", "/proc/gale/run.json", URL);

        exitsTwoWithExactly(r, "--json /proc/gale/run.json: cannot create files in /proc; choose another folder");
    }

    @Test
    void aPlansOutputSectionIsCheckedTheSameWay() throws Exception {
        assumeTrue(refusesNewFiles(PROC), "needs a /proc that takes no new file");
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - url: http://127.0.0.1:1
                requests:
                  - path: /
                output:
                  html: /proc/x.html
                """);

        Gale.Result r = Gale.run("run", plan.toString());

        exitsTwoWithExactly(
                r, plan + ": output.html /proc/x.html: cannot create files in /proc; choose another folder");
    }

    @Test
    void checkingAFolderLeavesNothingInIt() throws Exception {
        Path existing = Files.writeString(dir.resolve("old.json"), "kept");

        Gale.Result r = Gale.run(
                "run",
                "--json",
                existing.toString(),
                "--csv",
                dir.resolve("new/run.csv").toString(),
                URL);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ENVIRONMENT); // the refused port
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(existing);
        }
        assertThat(Files.readString(existing)).isEqualTo("kept");
    }

    @Test
    void anOutputOverThePlanFileIsRefusedAndThePlanKept() throws Exception {
        Path plan = plan("");

        Gale.Result r = Gale.run("run", plan.toString(), "-n", "5", "--json", plan.toString());

        exitsTwoWithExactly(r, "--json " + plan + " is the plan file: write the result elsewhere");
        assertThat(Files.readString(plan)).startsWith("targets:");
    }

    @Test
    void aPlansOutputSectionCannotNameThePlanEither() throws Exception {
        Path plan = plan("output: {csv: " + dir.resolve("plan.yaml") + "}\n");

        Gale.Result r = Gale.run("run", plan.toString());

        exitsTwoWithExactly(r, plan + ": output.csv " + plan + " is the plan file: write the result elsewhere");
    }

    @Test
    void anOutputOverTheBodyFileIsRefused() throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"a\": 1}");

        Gale.Result r = Gale.run("run", "--body", "@" + body, "--json", body.toString(), URL);

        exitsTwoWithExactly(r, "--json " + body + " is the --body file: write the result elsewhere");
        assertThat(Files.readString(body)).isEqualTo("{\"a\": 1}");
    }

    @Test
    void anOutputOverABodyFileOfThePlanIsRefused() throws Exception {
        Files.writeString(dir.resolve("body.json"), "{}");
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - url: http://127.0.0.1:1
                requests:
                  - {method: POST, path: /, body_file: body.json}
                """);
        Path body = dir.resolve("sub/../body.json"); // another spelling of the same file

        Gale.Result r = Gale.run("run", plan.toString(), "--hlog", body.toString());

        exitsTwoWithExactly(r, "--hlog " + body + " is a body_file of " + plan + ": write the result elsewhere");
    }

    @Test
    void aNameTooLongIsRefusedBeforeTheRunNotAfterIt() {
        Path json = dir.resolve("r".repeat(251) + ".json");

        Gale.Result r = Gale.run("run", "--json", json.toString(), URL);

        exitsTwoWithExactly(
                r, "--json " + json + ": a name in it is too long for " + dir + " (256 bytes); choose a shorter one");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"new/.", "new/..", ".", ".."})
    void aPathEndingInDotsNamesAFolder(String path) {
        // new/. passed the check, and the writer made the folder new and could not write a file that is it.
        Gale.Result r = Gale.run("run", "--csv", path, URL);

        exitsTwoWithExactly(
                r,
                "Invalid value for option '--csv': '" + path + "' names a folder (its last part is "
                        + path.substring(path.lastIndexOf('/') + 1)
                        + "); give a file name in that folder. See 'gale run --help'.");
    }

    @Test
    void twoOutputsOfOneFileAreRefusedNamingTheFirst() {
        String same = dir.resolve("same.out").toString();

        Gale.Result r = Gale.run("run", "--json", same, "--html", same, "--csv", same, URL);

        exitsTwoWithExactly(
                r,
                "--json and --html both write " + same + ": give each its own file",
                "--json and --csv both write " + same + ": give each its own file");
    }

    @Test
    void twoOutputsOfAPlanOnOneFileAreNamedAfterThePlanOnce() throws Exception {
        // 'output.csv out.json is also q4.yaml: output.json's file' before: the plan's name in the middle.
        Path plan = plan("output: {csv: out.json, json: out.json}\n");

        Gale.Result r = Gale.run("run", plan.toString());

        exitsTwoWithExactly(r, plan + ": output.json and output.csv both write out.json: give each its own file");
    }

    @Test
    void anOutputOfAPlanAndAFlagOnOneFileAreNamedAfterThePlanOnce() throws Exception {
        Path plan = plan("output: {json: out.json}\n");

        Gale.Result r = Gale.run("run", plan.toString(), "--csv", "out.json");

        exitsTwoWithExactly(r, plan + ": output.json and --csv both write out.json: give each its own file");
    }

    @Test
    void aSymbolicLinkIsTheFileItLeadsTo() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Path junit = link.resolve("run.xml"); // not there yet: the folder it would go in is compared

        Gale.Result r =
                Gale.run("run", "--percentiles", real.resolve("run.xml").toString(), "--junit", junit.toString(), URL);

        exitsTwoWithExactly(
                r,
                "--percentiles " + real.resolve("run.xml") + " and --junit " + junit
                        + " are one file: give each its own file");
    }

    @Test
    void twoOutputsToStdoutAreRefusedNamingBoth() {
        Gale.Result r = Gale.run("run", "--json", "-", "--csv", "-", URL);

        exitsTwoWithExactly(
                r,
                "--json - and --csv - both write to stdout, which holds one document: give one of them a file"
                        + " name (e.g. --csv run.csv)");
    }

    @Test
    void aPlansOutputToStdoutCountsWithTheFlags() throws Exception {
        Path plan = plan("output: {json: '-', html: '-'}\n");

        Gale.Result r = Gale.run("run", plan.toString(), "--junit", "-");

        exitsTwoWithExactly(
                r,
                plan + ": output.json -, output.html - and --junit - all write to stdout, which holds one"
                        + " document: give all but one of them a file name (e.g. --junit run.xml)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/./stdout"})
    void aNameOfStdoutIsStdoutAndClashesWithDash(String name) {
        // Opened as a file, it truncated what stdout held or mixed with it: two documents in one.
        Gale.Result r = Gale.run("run", "--json", "-", "--junit", name, URL);

        exitsTwoWithExactly(
                r,
                "--json - and --junit " + name + " both write to stdout, which holds one document: give one of"
                        + " them a file name (e.g. --junit run.xml)");
    }

    @Test
    void twoNamesOfStdoutClashToo() throws Exception {
        Path plan = plan("output: {csv: /proc/self/fd/1}\n");

        Gale.Result r = Gale.run("run", plan.toString(), "--json", "/dev/stdout");

        exitsTwoWithExactly(
                r,
                plan + ": --json /dev/stdout and output.csv /proc/self/fd/1 both write to stdout, which holds one"
                        + " document: give one of them a file name (e.g. --csv run.csv)");
    }

    @Test
    void twoSpellingsOfOneFileAreOneFile() {
        Path json = dir.resolve("a.json");
        Path csv = dir.resolve("./a.json");

        Gale.Result r = Gale.run("run", "--json", json.toString(), "--csv", csv.toString(), URL);

        exitsTwoWithExactly(r, "--json " + json + " and --csv " + csv + " are one file: give each its own file");
    }

    @Test
    void twoHardLinksOfOneFileAreOneFile() throws Exception {
        // Their real paths differ: both outputs were written, and the JSON was lost under the CSV.
        Path json = Files.writeString(dir.resolve("a.json"), "old");
        Path csv = Files.createLink(dir.resolve("a.csv"), json);

        Gale.Result r = Gale.run("run", "--json", json.toString(), "--csv", csv.toString(), URL);

        exitsTwoWithExactly(r, "--json " + json + " and --csv " + csv + " are one file: give each its own file");
    }

    @Test
    void stdoutClashesWithNoFileNotEvenOneNamedDash() {
        // ./- is the way to name a file '-': it is a file, and stdout is not.
        Gale.Result r = Gale.run("run", "--json", "-", "--csv", "./-", URL);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ENVIRONMENT); // the refused port
    }

    @Test
    void aDeviceMayTakeSeveralOutputs() {
        // Nothing written to /dev/null is kept, so nothing is lost by writing it twice: the run goes on
        // to the pre-flight connect, which the refused port ends with exit 3.
        Gale.Result r = Gale.run("run", "--json", "/dev/null", "--csv", "/dev/null", URL);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
    }

    @Test
    void aPlansOutputProblemsAreReportedWithItsOtherProblems() throws Exception {
        Path adir = Files.createDirectory(dir.resolve("adir"));
        Path plan = plan("""
                rate: -1
                duration: 1s
                output: {json: %s, csv: %s}
                """.formatted(adir, dir.resolve("plan.yaml")));

        Gale.Result r = Gale.run("run", plan.toString());

        exitsTwoWithExactly(
                r,
                plan + ":5: rate: must be > 0, got -1",
                plan + ": output.json " + adir + " is a folder; give a file name",
                plan + ": output.csv " + plan + " is the plan file: write the result elsewhere");
    }

    @Test
    void aBadValueInTheOutputSectionIsOneProblemAmongTheOthers() throws Exception {
        Path adir = Files.createDirectory(dir.resolve("adir"));
        Path plan = plan("output: {progress: loud, latency: maybe, html: " + adir + "}\n");

        Gale.Result r = Gale.run("run", plan.toString(), "-H", "nocolon");

        exitsTwoWithExactly(
                r,
                plan + ":5: output.progress: must be one of auto, fancy, plain, off, got 'loud'",
                plan + ":5: output.latency: must be a boolean (true or false), got 'maybe'",
                "-H: header must look like 'Name: value' (got 'nocolon')",
                plan + ": output.html " + adir + " is a folder; give a file name");
    }

    @Test
    void anEmptyOutputInAPlanIsReportedOnce() throws Exception {
        // 'must not be empty' from the schema and 'is empty; give a file name' from the path check, for one value.
        Path plan = plan("output: {hlog: ''}\n");

        Gale.Result r = Gale.run("run", plan.toString());

        exitsTwoWithExactly(r, plan + ":5: output.hlog: must not be empty");
    }

    /** A plan file in the test's folder, sending to the refused port, with {@code more} at its end. */
    private Path plan(String more) throws IOException {
        return Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - url: http://127.0.0.1:1
                requests:
                  - path: /
                """ + more);
    }

    /** True if a new file cannot be created in {@code folder} (which exists), as this test needs. */
    static boolean refusesNewFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try {
            Files.delete(Files.createTempFile(folder, ".gale-test-", ".tmp"));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static void exitsTwoWithExactly(Gale.Result r, String... errors) {
        assertThat(r.exitCode()).as("exit code; %s", r).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines())
                .as("stderr, a line per problem")
                .containsExactly(
                        java.util.Arrays.stream(errors).map(e -> "error: " + e).toArray(String[]::new));
        assertThat(r.out()).as("nothing on stdout: nothing ran").isEmpty();
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }
}
