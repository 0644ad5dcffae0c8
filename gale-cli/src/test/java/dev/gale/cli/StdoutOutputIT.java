package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gale.record.RunResult;
import dev.gale.report.CsvReport;
import dev.gale.report.HlogReport;
import dev.gale.report.JsonReport;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output named {@code -} goes to stdout, as in curl, vegeta and jq, so that {@code gale run --json - URL |
 * jq .total} works: stdout then holds that document alone, and the text report goes to stderr.
 */
@Timeout(60)
class StdoutOutputIT {
    /** What a file would be called if {@code -} were taken as a file name: in the folder the tests run in. */
    private static final Path DASH = Path.of("-");

    private static GaleServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = GaleServer.start(ServeOptions.defaults());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    @AfterEach
    void noFileNamedDash() throws IOException {
        Files.deleteIfExists(DASH); // left by an earlier, failed, run
    }

    private static String url() {
        return server.baseUrl() + "/";
    }

    @Test
    void aDryRunWithAnOutputOnStdoutPrintsThePlanOnStderr() {
        // The plan went to stdout, 536 bytes that 'gale run --dry-run --json - URL | jq' could not read.
        Gale.Result r = Gale.run("run", "--dry-run", "--json", "-", server.baseUrl() + "/");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Plan: 1 target, 1 request");
    }

    @Test
    void jsonDashWritesTheResultToStdoutAndTheTextReportToStderr() throws Exception {
        Gale.Result r = Gale.run("run", "-n", "20", "-c", "1", "--progress", "off", "--json", "-", url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        RunResult result = JsonReport.fromJson(new ObjectMapper().readTree(r.out()), "stdout");
        assertThat(result.total().responses()).isEqualTo(20);
        assertThat(r.out()).startsWith("{").endsWith("}\n");
        assertThat(r.err())
                .contains("Running test @ " + url())
                .contains("Requests      20 in ")
                .contains("Status codes  200: 20")
                .doesNotContain("error:", "wrote -");
        assertThat(DASH).as("a file named '-'").doesNotExist();
    }

    @Test
    void csvDashGoesToStdoutWhileTheOtherOutputsGoToTheirFiles() throws Exception {
        Path json = dir.resolve("run.json");
        Path html = dir.resolve("run.html");

        Gale.Result r = Gale.run(
                "run",
                "-n",
                "20",
                "-c",
                "1",
                "--latency",
                "--csv",
                "-",
                "--json",
                json.toString(),
                "--html",
                html.toString(),
                url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        StringWriter csv = new StringWriter();
        CsvReport.write(JsonReport.read(json), csv);
        assertThat(r.out()).isEqualTo(csv.toString());
        assertThat(r.err()).contains("Status codes  200: 20", "Service time", "wrote " + json, "wrote " + html);
        assertThat(html).isNotEmptyFile();
        assertThat(DASH).doesNotExist();
    }

    @Test
    void hlogDashIsTheLogOfTheResultOnStdout() throws Exception {
        Path json = dir.resolve("run.json");

        Gale.Result r = Gale.run("run", "-n", "20", "-c", "1", "--hlog", "-", "--json", json.toString(), url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        ByteArrayOutputStream hlog = new ByteArrayOutputStream();
        HlogReport.write(JsonReport.read(json), hlog);
        assertThat(r.out()).isEqualTo(hlog.toString(StandardCharsets.UTF_8));
        assertThat(DASH).doesNotExist();
    }

    @Test
    void junitDashWritesTheThresholdsToStdoutAndTheirVerdictsToStderr() {
        Gale.Result r = Gale.run("run", "-n", "20", "-c", "1", "--threshold", "p99<10s", "--junit", "-", url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("<?xml").contains("p99&lt;10s").endsWith("</testsuites>\n");
        assertThat(r.err()).contains("Status codes  200: 20", "p99<10s");
        assertThat(DASH).doesNotExist();
    }

    @Test
    void aPlansOutputSectionMayNameStdoutToo() throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - url: %s
                requests:
                  - path: /
                max_requests: 10
                connections: 1
                output:
                  json: "-"
                """.formatted(server.baseUrl()));

        Gale.Result r = Gale.run("run", plan.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JsonReport.fromJson(new ObjectMapper().readTree(r.out()), "stdout")
                        .total()
                        .responses())
                .isEqualTo(10);
        assertThat(r.err()).contains("Requests      10 in ");
        assertThat(DASH).doesNotExist();
    }

    @Test
    void devStdoutIsStdoutAsDashIs() throws Exception {
        // It was opened as a file: after the text report on a pipe, or over it in a file stdout went to.
        Gale.Result r = Gale.run("run", "-n", "20", "-c", "1", "--progress", "off", "--json", "/dev/stdout", url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JsonReport.fromJson(new ObjectMapper().readTree(r.out()), "stdout")
                        .total()
                        .responses())
                .isEqualTo(20);
        assertThat(r.err()).contains("Requests      20 in ").doesNotContain("wrote /dev/stdout");
    }

    @Test
    void theFileStdoutGoesToIsStdoutAndClashesWithDash() throws Exception {
        // gale run --json - --csv out.txt URL > out.txt: the CSV replaced the JSON in out.txt, after the run.
        Path out = dir.resolve("out.txt");

        GaleProcess.Ended gale = GaleProcess.run(out, "run", "-n", "20", "--json", "-", "--csv", out.toString(), url());

        assertThat(gale.exitCode()).as(gale.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(gale.err().lines())
                .containsExactly("error: --json - and --csv " + out + " (the file stdout goes to) both write to"
                        + " stdout, which holds one document: give one of them a file name (e.g. --csv run.csv)");
        assertThat(out).isEmptyFile();
    }

    @Test
    void theFileStdoutGoesToAloneIsStdoutAndTheTextReportGoesToStderr() throws Exception {
        // gale run --json out.txt URL > out.txt: the JSON replaced the text report in out.txt.
        Path out = dir.resolve("out.txt");

        GaleProcess.Ended gale = GaleProcess.run(
                out, "run", "-n", "20", "-c", "1", "--progress", "off", "--json", out.toString(), url());

        assertThat(gale.exitCode()).as(gale.err()).isZero();
        assertThat(JsonReport.read(out).total().responses()).isEqualTo(20);
        assertThat(gale.err()).contains("Requests      20 in ").doesNotContain("wrote " + out);
    }

    @Test
    void aClosedStdoutIsOneErrorLineAndTheFilesAreStillWritten() throws Exception {
        Path csv = dir.resolve("run.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream broken = brokenPipe();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String systemTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        int code;
        try {
            code = Main.run(
                    new String[] {"run", "-n", "20", "-c", "1", "--json", "-", "--csv", csv.toString(), url()},
                    new PrintStream(broken, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setProperty("java.io.tmpdir", systemTmp);
        }

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(ExitCodes.ENVIRONMENT);
        Path saved;
        try (var files = Files.list(tmp)) {
            saved = files.findFirst().orElseThrow(() -> new AssertionError("no result saved in " + tmp));
        }
        assertThat(JsonReport.read(saved).total().responses()).isEqualTo(20);
        assertThat(stderr.lines().filter(l -> l.startsWith("error:")))
                .as("the result, which stdout did not take, is saved in the temporary folder instead")
                .containsExactly("error: cannot write --json to stdout: it is closed or full, or the program reading"
                        + " it stopped (a broken pipe); the result is saved instead in " + saved
                        + " (move it where you want it; gale report reads it)");
        assertThat(stderr).contains("Status codes  200: 20", "wrote " + csv);
        RunCommandErrorsTest.assertNoStackTrace(stderr);
        assertThat(csv).isNotEmptyFile();
        assertThat(DASH).doesNotExist();
    }

    @Test
    void aClosedStdoutWithoutAnOutputThereLosesTheSummaryWithAnErrorNotInSilence() throws Exception {
        // gale run URL >&- lost the text report and exited 0.
        Path json = dir.resolve("run.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream broken = brokenPipe();

        int code = Main.run(
                new String[] {"run", "-n", "20", "-c", "1", "--json", json.toString(), url()},
                new PrintStream(broken, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(stderr.lines().filter(l -> l.startsWith("error:")))
                .containsExactly("error: cannot write the text report to stdout: it is closed or full, or the"
                        + " program reading it stopped (a broken pipe)");
        assertThat(json).isNotEmptyFile();
    }

    /** A stream every write to which fails, as stdout does once its reader is gone. */
    private static OutputStream brokenPipe() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
    }
}
