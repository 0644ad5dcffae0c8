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
