package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gale.report.CsvReport;
import dev.gale.report.FullDiskStream;
import dev.gale.report.JsonReport;
import dev.gale.report.SampleResults;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputOptionsTest {
    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private final StringWriter err = new StringWriter();

    private void write(Path path) {
        OutputOptions.file(
                "--csv",
                path,
                "then run again",
                OutputOptions.NOWHERE,
                problems,
                new PrintWriter(err),
                OutputOptions.text(w -> w.write("a,b\n")));
    }

    @Test
    void aFileIsWrittenInFullAndNamed() throws Exception {
        Path csv = dir.resolve("sub/run.csv");

        write(csv);

        assertThat(problems).isEmpty();
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo("a,b\n");
        assertThat(err.toString()).isEqualTo("wrote " + csv + System.lineSeparator());
    }

    @Test
    void aDeviceThatCannotBeSyncedStillTakesTheOutput() {
        // Forcing a file to the disk is for regular files: /dev/null, a terminal or a pipe have no disk.
        write(Path.of("/dev/null"));

        assertThat(problems).isEmpty();
        assertThat(err.toString()).startsWith("wrote /dev/null");
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedWithTheReasonInWords() {
        // A path under a regular file: its folder cannot be made.
        Path file = dir.resolve("file");
        write(file);
        write(file.resolve("run.csv"));

        assertThat(problems)
                .containsExactly("cannot write --csv " + file.resolve("run.csv") + ": " + file
                        + " is a file, not a folder; write it elsewhere, then run again");
    }

    /**
     * A file saved elsewhere when it cannot be written: its line ends with where it went, in place of what to do
     * (here "write it elsewhere, then run again", as its folder is a file); nothing is said to be written.
     */
    @Test
    void aFileSavedElsewhereEndsItsLineWithWhereItWentNotWithWhatToDo() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "");
        Path elsewhere = dir.resolve("gale-result-1.json");

        OutputOptions.file(
                "--json",
                file.resolve("run.json"),
                "then run again",
                () -> elsewhere,
                problems,
                new PrintWriter(err),
                OutputOptions.text(w -> w.write("{}")));

        assertThat(problems)
                .containsExactly("cannot write --json " + file.resolve("run.json") + ": " + file
                        + " is a file, not a folder; the result is saved instead in " + elsewhere
                        + " (move it where you want it; gale report reads it)");
        assertThat(err.toString()).isEmpty();
    }

    /**
     * A disk that fills up while a file is written: the earlier file of that name stays as it was, nothing of the
     * new one is left, "wrote" is not said, and the line says which file, why and what to do. Before, the file was
     * left cut short under its name.
     */
    @Test
    void aFileTheDiskHasNoRoomForKeepsTheEarlierOneAndIsNotSaidToBeWritten() throws Exception {
        Path csv = dir.resolve("run.csv");
        Files.writeString(csv, "earlier\n");

        OutputOptions.file(
                "--csv", csv, "then run again", OutputOptions.NOWHERE, problems, new PrintWriter(err), out -> {
                    OutputStream full = new FullDiskStream(out, 10_000);
                    for (int i = 0; i < 10_000; i++) {
                        full.write("a,b\n".getBytes(StandardCharsets.UTF_8));
                    }
                });

        assertThat(problems)
                .containsExactly("cannot write --csv " + csv + ": No space left on device (the file there is the"
                        + " earlier one, untouched); free space on its disk or write it elsewhere, then run again");
        assertThat(err.toString()).isEmpty();
        assertThat(Files.readString(csv)).isEqualTo("earlier\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(csv);
        }
    }

    /**
     * An output that is a link to a file elsewhere is written beside that file (OutputFile's temporary file and
     * rename): the check must look at that folder, not at the link's, which it did.
     */
    @Test
    void anOutputThatIsALinkIsCheckedWhereTheFileItLeadsToIs() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path real = Files.writeString(shared.resolve("out.json"), "{}");
        Path link = Files.createSymbolicLink(dir.resolve("out.json"), real);

        assertThat(Destination.of(link)).isEqualTo(real.toRealPath());
    }

    /**
     * What writing the typical result with {@code o} throws (null if nothing), with {@code folder} as the temporary
     * folder, where a result that cannot be written where asked is saved, meanwhile.
     */
    private UserException writeWithTemporaryFolder(OutputOptions o, Path folder) {
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", folder.toString());
        StringWriter out = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        try {
            return catchThrowableOfType(
                    UserException.class,
                    () -> o.write(SampleResults.typical(), new PrintWriter(out), new PrintWriter(out), errWriter));
        } finally {
            errWriter.flush();
            System.setProperty("java.io.tmpdir", tmp);
        }
    }

    /**
     * The JSON result cannot be written where asked: it is saved in the temporary folder instead, the line says
     * where, the other outputs are still written and say how to rebuild them from it, and gale exits 3.
     */
    @Test
    void aResultThatCannotBeWrittenIsSavedInTheTemporaryFolderInstead() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        OutputOptions o = new OutputOptions();
        o.json = full;
        o.csv = full;
        Path folder = Files.createDirectories(dir.resolve("tmp"));
        UserException e = writeWithTemporaryFolder(o, folder);

        assertThat(e.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        List<Path> left;
        try (Stream<Path> files = Files.list(folder)) {
            left = files.toList();
        }
        assertThat(left).hasSize(1);
        Path saved = left.getFirst();
        assertThat(saved.getFileName().toString()).startsWith("gale-result-").endsWith(".json");
        assertThat(JsonReport.read(saved).total().responses())
                .isEqualTo(SampleResults.typical().total().responses());
        assertThat(e.lines())
                .containsExactly(
                        "cannot write --json /dev/full: No space left on device; the result is saved instead in "
                                + saved + " (move it where you want it; gale report reads it)",
                        "cannot write --csv /dev/full: No space left on device; free space on its disk or write it"
                                + " elsewhere, then rebuild it: gale report " + saved + " --csv /dev/full");
    }

    /**
     * {@code gale report r.json --json /dev/full}: the result is saved already, in the file the report read, so it
     * is not copied to the temporary folder; the line says to rebuild it from that file, as any other output's does.
     */
    @Test
    void aResultReadFromAFileIsNotSavedAgainWhenItsCopyCannotBeWritten() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Path read = dir.resolve("r.json");
        JsonReport.write(SampleResults.typical(), read);
        OutputOptions o = new OutputOptions();
        o.saved = read;
        o.json = full;
        Path folder = Files.createDirectories(dir.resolve("tmp"));
        UserException e = writeWithTemporaryFolder(o, folder);

        assertThat(e.lines())
                .containsExactly("cannot write --json /dev/full: No space left on device; free space on its disk or"
                        + " write it elsewhere, then rebuild it: gale report " + read + " --json /dev/full");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).as("nothing copied to the temporary folder").isEmpty();
        }
    }

    /**
     * The JSON result can be written neither where asked nor in the temporary folder: every other output still is,
     * the line says plainly that the run's result is not saved, and gale exits 3.
     */
    @Test
    void aResultThatCannotBeSavedIsSaidPlainlyAndTheOtherOutputsAreStillWritten() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        OutputOptions o = new OutputOptions();
        o.json = full;
        o.csv = dir.resolve("run.csv");
        o.html = dir.resolve("run.html");

        UserException e = writeWithTemporaryFolder(o, dir.resolve("no such folder"));

        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(e.lines())
                .containsExactly("cannot write --json /dev/full: No space left on device; free space on its disk or"
                        + " write it elsewhere, then run again, as this run's result is not saved");
        assertThat(err.toString())
                .isEqualTo("wrote " + o.html + System.lineSeparator() + "wrote " + o.csv + System.lineSeparator());
        assertThat(o.csv).isNotEmptyFile();
        assertThat(o.html).isNotEmptyFile();
    }

    /** Once the result is saved, an output that cannot be written says how to rebuild it from the result. */
    @Test
    void anOutputThatCannotBeWrittenAfterTheResultIsSavedSaysHowToRebuildIt() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        OutputOptions o = new OutputOptions();
        o.json = dir.resolve("my run.json");
        o.csv = full;
        StringWriter out = new StringWriter();

        assertThatThrownBy(() -> o.write(
                        SampleResults.typical(), new PrintWriter(out), new PrintWriter(out), new PrintWriter(err)))
                .isInstanceOfSatisfying(
                        UserException.class,
                        e -> assertThat(e.lines())
                                .containsExactly(
                                        "cannot write --csv /dev/full: No space left on device; free space on its"
                                                + " disk or write it elsewhere, then rebuild it: gale report '" + o.json
                                                + "' --csv /dev/full"));
        assertThat(JsonReport.read(o.json).total().responses())
                .isEqualTo(SampleResults.typical().total().responses());
    }

    /**
     * {@code --json run.json 2> run.json}: stderr and an output in one file mixed the messages into the result
     * (and "wrote run.json" into the middle of it); refused before the run, by device and inode.
     */
    @Test
    void anOutputInTheFileStderrGoesToIsRefused() throws Exception {
        Path stderr = Files.createFile(dir.resolve("run.json")); // 2> run.json
        Path stdout = Files.createFile(dir.resolve("out.txt"));
        Path hardLink = Files.createLink(dir.resolve("same.json"), stderr);

        assertThat(OutputOptions.sharesStderr("--json", stderr, stdout, stderr))
                .isEqualTo("--json " + stderr + " is the file stderr goes to: gale's messages would be mixed into"
                        + " it; send stderr to another file (2> gale.log), or write the output to another one");
        assertThat(OutputOptions.sharesStderr("--json", hardLink, stdout, stderr))
                .startsWith("--json " + hardLink + " is the file stderr goes to");
        assertThat(OutputOptions.sharesStderr("--json", dir.resolve("other.json"), stdout, stderr))
                .isNull();
        assertThat(OutputOptions.sharesStderr("--json", Path.of("-"), stdout, stderr))
                .as("stdout goes elsewhere")
                .isNull();
    }

    /** {@code --json - > out.txt 2>&1}: the result on stdout would be mixed with the messages in that file. */
    @Test
    void anOutputOnStdoutIsRefusedWhenStdoutAndStderrGoToOneFile() throws Exception {
        Path both = Files.createFile(dir.resolve("out.txt"));

        assertThat(OutputOptions.sharesStderr("--json", Path.of("-"), both, both))
                .isEqualTo("--json - writes to stdout, which goes to the same file as stderr (" + both.toRealPath()
                        + "): gale's messages would be mixed into it; send stderr to another file (2> gale.log)");
        assertThat(OutputOptions.sharesStderr("--json", both, both, both))
                .as("--json out.txt > out.txt 2>&1")
                .startsWith("--json " + both + " is the file stderr goes to");
    }

    /** A terminal or /dev/null that stdout, stderr and an output all go to keeps no file to mix. */
    @Test
    void aDeviceStderrGoesToSharesNothing() {
        Path devNull = Path.of("/dev/null");

        assertThat(OutputOptions.sharesStderr("--json", devNull, devNull, devNull))
                .isNull();
        assertThat(OutputOptions.sharesStderr("--json", Path.of("-"), devNull, devNull))
                .isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -                       | true  | the name of stdout, as in curl
            /dev/stdout             | true  | its name as a file, for tools that take no '-'
            /dev/fd/1               | true  | file descriptor 1
            /proc/self/fd/1         | true  | the same in /proc
            /dev/./stdout           | true  | spelled otherwise
            /dev/fd/../fd/1         | true  | spelled otherwise
            ./-                     | false | a file named '-'
            /dev/null               | false | a sink: what goes there is not kept
            /dev/stderr             | false | not stdout
            /dev/fd/2               | false | not stdout
            stdout                  | false | a file in the working folder
            """)
    void stdoutHasSeveralNames(String path, boolean stdout, String why) {
        assertThat(OutputOptions.isStdout(Path.of(path))).as(why).isEqualTo(stdout);
    }

    @Test
    void theRegularFileStdoutGoesToIsStdoutByAnyName() throws Exception {
        Path stdout = Files.createFile(dir.resolve("out.txt")); // gale ... > out.txt
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), stdout);
        Path other = Files.createFile(dir.resolve("other.txt"));

        assertThat(OutputOptions.isStdout(stdout, stdout)).isTrue();
        assertThat(OutputOptions.isStdout(dir.resolve("./out.txt"), stdout)).isTrue();
        assertThat(OutputOptions.isStdout(dir.resolve("missing/../out.txt"), stdout))
                .isTrue();
        assertThat(OutputOptions.isStdout(link, stdout)).isTrue();
        assertThat(OutputOptions.isStdout(other, stdout)).isFalse();
        assertThat(OutputOptions.isStdout(dir.resolve("missing.txt"), stdout)).isFalse();
    }

    @Test
    void aDeviceStdoutGoesToIsNoDocument() {
        // gale ... > /dev/null: /dev/null as an output is the sink it always is, and may take several outputs.
        Path devNull = Path.of("/dev/null");

        assertThat(OutputOptions.isStdout(devNull, devNull)).isFalse();
    }

    @Test
    void noFileIsStdoutWhenStdoutIsClosed() throws Exception {
        Path file = Files.createFile(dir.resolve("out.txt"));

        assertThat(OutputOptions.isStdout(file, dir.resolve("closed"))).isFalse();
    }

    @Test
    void anOutputToANameOfStdoutClashesWithOneToDash() {
        OutputOptions o = new OutputOptions();
        o.json = Path.of("-");
        o.junit = Path.of("/dev/stdout");

        o.checkWritable(new PathClashes("elsewhere"), problems);

        assertThat(problems)
                .containsExactly("--json - and --junit /dev/stdout both write to stdout, which holds one document:"
                        + " give one of them a file name (e.g. --junit run.xml)");
    }

    @Test
    void theOutputsNotWrittenAreTheOneBeingWrittenAndThoseAfterIt() {
        OutputOptions o = new OutputOptions();
        o.json = Path.of("ff");
        o.csv = Path.of("run.csv");
        o.junit = Path.of("t.xml");
        // A signal that gave up while the JSON waited for its FIFO's reader: the files after it are lost too.
        assertThat(o.notWritten("--json")).containsExactly("--json ff", "--csv run.csv", "--junit t.xml");
        assertThat(o.notWritten("--junit")).containsExactly("--junit t.xml");
        assertThat(o.notWritten(null)).as("done writing").isEmpty();
        // A second signal while the run is still being stopped: the summary has not been printed either.
        assertThat(o.notWritten())
                .as("nothing written yet")
                .containsExactly("the text report", "--json ff", "--csv run.csv", "--junit t.xml");
    }

    @Test
    void aFifoIsWrittenAfterTheFilesSoThatOneNobodyReadsHoldsNoFileBack() throws Exception {
        // --json to a FIFO nobody read blocked, and the --csv file after it was never written.
        Path fifo = dir.resolve("ff");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        OutputOptions o = new OutputOptions();
        o.json = fifo;
        o.csv = dir.resolve("run.csv");

        assertThat(o.notWritten()).containsExactly("the text report", "--csv " + o.csv, "--json " + fifo);
    }

    @Test
    void noOutputLeavesOnlyTheTextReportToWrite() {
        assertThat(new OutputOptions().notWritten()).containsExactly("the text report");
    }

    @Test
    void devNullTakesAnyNumberOfOutputs() {
        OutputOptions o = new OutputOptions();
        o.json = Path.of("/dev/null");
        o.csv = Path.of("/dev/null");
        o.hlog = Path.of("/dev/null");

        o.checkWritable(new PathClashes("elsewhere"), problems);

        assertThat(problems).isEmpty();
    }

    @Test
    void anOutputToDevStdoutIsWrittenToOutAndTheTextReportToErr() throws Exception {
        OutputOptions o = new OutputOptions();
        o.csv = Path.of("/dev/stdout");
        StringWriter out = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err);

        o.write(SampleResults.typical(), o.summaryStream(outWriter, errWriter), outWriter, errWriter);
        outWriter.flush();
        errWriter.flush();

        StringWriter csv = new StringWriter();
        CsvReport.write(SampleResults.typical(), csv);
        assertThat(out.toString()).isEqualTo(csv.toString());
        assertThat(err.toString()).contains("Requests ").doesNotContain("wrote /dev/stdout");
    }

    /**
     * The pre-run check and the writer take a path to mean the same file: one the check accepted was written
     * where the check looked, and one the writer could not open was refused before the run. A path the check
     * passed and the writer then could not open lost a run's results after it (exit 3).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # path, in the test's folder | the file written there, or what the check says instead
            run.csv                      | run.csv
            new/run.csv                  | new/run.csv
            missing/../run.csv           | run.csv
            a/b/../../run.csv            | run.csv
            a/./b/../run.csv             | a/run.csv
            file/../run.csv              | run.csv
            dangling.csv                 | elsewhere/run.csv
            loop.csv                     | error: --csv DIR/loop.csv: too many levels of symbolic links; choose another path
            file/run.csv                 | error: --csv DIR/file/run.csv: DIR/file is not a folder; give a file in a folder
            """)
    void theCheckAndTheWriterAgreeOnWhereAPathLeads(String path, String outcome) throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Files.createSymbolicLink(dir.resolve("dangling.csv"), Path.of("elsewhere/run.csv"));
        Files.createSymbolicLink(dir.resolve("loop.csv"), Path.of("loop2.csv"));
        Files.createSymbolicLink(dir.resolve("loop2.csv"), Path.of("loop.csv"));
        Path output = dir.resolve(path);

        boolean accepted = Destination.writable("--csv", output, problems);
        List<String> checked = List.copyOf(problems);
        write(output);

        if (outcome.startsWith("error: ")) {
            assertThat(accepted).isFalse();
            assertThat(checked).containsExactly(outcome.substring(7).replace("DIR", dir.toString()));
            assertThat(problems).as("the writer fails too").hasSize(2);
        } else {
            assertThat(checked).as("the check").isEmpty();
            assertThat(problems).as("the writer").isEmpty();
            assertThat(Files.readString(dir.resolve(outcome))).isEqualTo("a,b\n");
            assertThat(err.toString()).isEqualTo("wrote " + output + System.lineSeparator());
        }
    }

    @Test
    void aNameTooLongForItsFolderIsRefusedByTheCheck() {
        String name = "n".repeat(300);
        Path file = dir.resolve(name + ".csv");
        Path folder = dir.resolve(name).resolve("run.csv");

        Destination.writable("--csv", file, problems);
        Destination.writable("--csv", folder, problems);

        assertThat(problems)
                .containsExactly(
                        "--csv " + file + ": a name in it is too long for " + dir
                                + " (304 bytes); choose a shorter one",
                        "--csv " + folder + ": a name in it is too long for " + dir
                                + " (300 bytes); choose a shorter one");
        write(file);
        assertThat(problems).as("the writer fails as the check said").hasSize(3);
    }
}
