package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gale.record.RunResult;
import dev.gale.record.ThresholdResult;
import dev.gale.report.HtmlReport;
import dev.gale.report.JsonReport;
import dev.gale.report.JunitReport;
import dev.gale.report.SampleResults;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    private Path saved(String name, RunResult r) throws Exception {
        Path p = dir.resolve(name);
        JsonReport.write(r, p);
        return p;
    }

    @Test
    void reportRebuildsEveryFormatFromASavedResult() throws Exception {
        Path json = saved("run.json", SampleResults.typical());
        Gale.Result run = Gale.run(
                "report",
                json.toString(),
                "--latency",
                "--html",
                dir.resolve("r.html").toString(),
                "--csv",
                dir.resolve("r.csv").toString(),
                "--hlog",
                dir.resolve("r.hlog").toString(),
                "--percentiles",
                dir.resolve("r.hgrm").toString(),
                "--json",
                dir.resolve("again.json").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "Response time (from the intended start)",
                        "Service time (from the actual send)",
                        "Response time percentile spectrum (HdrHistogram .hgrm, milliseconds)",
                        "#[Max");
        assertThat(run.err()).contains("wrote " + dir.resolve("r.html"), "wrote " + dir.resolve("r.hlog"));
        assertThat(Files.readString(dir.resolve("r.html"))).isEqualTo(HtmlReport.render(JsonReport.read(json)));
        assertThat(Files.readString(dir.resolve("r.csv"))).startsWith("start_s,end_s,phase,");
        assertThat(Files.readString(dir.resolve("r.hgrm"))).contains("1/(1-Percentile)");
        assertThat(Files.readString(dir.resolve("again.json"))).isEqualTo(Files.readString(json));
    }

    @Test
    void reportRebuildsTheCsvOfAResultWrittenBeforeTheTimelineKeptTheOtherKindApartWithEachKindApart()
            throws Exception {
        ObjectNode old = SampleResults.lateWarmUpWrittenBeforeTheTimelineKeptTheOtherKindApart();
        assertThat(old.at("/timeline/2/total/responses").asLong())
                .as("100 measured responses and the warm-up's 29 late ones")
                .isEqualTo(129);
        Path json = Files.writeString(dir.resolve("old.json"), old.toString());

        Gale.Result run = Gale.run(
                "report", json.toString(), "--csv", dir.resolve("r.csv").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The measured total rows add up to the measured requests, as in the CSV of a result written now.
        long responses = Files.readAllLines(dir.resolve("r.csv")).stream()
                .map(l -> l.split(","))
                .filter(f -> f[3].equals("false") && f[4].equals("(all)"))
                .mapToLong(f -> Long.parseLong(f[8]))
                .sum();
        assertThat(responses).isEqualTo(old.at("/total/responses").asLong()).isEqualTo(200);
    }

    @Test
    void reportRebuildsTheJunitReportOfTheThresholdsAndExitsZeroThoughOneFailed() throws Exception {
        // The run exited 1 for its failed threshold; the report only reports it.
        RunResult r = SampleResults.typical();
        assertThat(r.thresholds()).anyMatch(ThresholdResult::failed);
        Path json = saved("run.json", r);

        Gale.Result run = Gale.run(
                "report", json.toString(), "--junit", dir.resolve("r.xml").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("wrote " + dir.resolve("r.xml"));
        assertThat(Files.readString(dir.resolve("r.xml"))).isEqualTo(JunitReport.toXml(r));
        assertThat(Files.readString(dir.resolve("r.xml")))
                .contains(
                        "failures=\"1\"",
                        "<failure type=\"threshold\" message=\"error_rate measured 0.80%, limit &lt; 0.5%\">");

        Gale.Result toStdout = Gale.run("report", json.toString(), "--junit", "-");
        assertThat(toStdout.exitCode()).as(toStdout.err()).isZero();
        assertThat(toStdout.out()).isEqualTo(JunitReport.toXml(r));
        assertThat(toStdout.err()).contains("Response time (from the intended start)");
    }

    @Test
    void reportWritesAnOutputNamedDashToStdoutAndItsTextToStderr() throws Exception {
        Path json = saved("run.json", SampleResults.typical());

        Gale.Result run = Gale.run("report", json.toString(), "--json", "-", "--latency");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(json) + "\n");
        assertThat(run.err()).contains("Response time (from the intended start)", "#[Max");
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void aPlanGivenForAResultIsToldToBeRunFirst() throws Exception {
        // gale report plan.yaml printed the JSON parser's "Unrecognized token 'targets'".
        Path yaml = Files.writeString(
                dir.resolve("plan.yaml"), "targets:\n  - url: http://127.0.0.1:1\nrequests:\n  - path: /\n");
        Gale.Result run = Gale.run("report", yaml.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.errLines())
                .containsExactly("error: " + yaml + " looks like a plan file, not a result: gale report reads a result"
                        + " written with gale run --json FILE (e.g. gale run " + yaml + " --json run.json)");
        assertThat(run.out()).isEmpty();

        // A plan in JSON is valid JSON, and no result either.
        Path json = Files.writeString(
                dir.resolve("plan.json"), "{\"targets\": [{\"url\": \"http://127.0.0.1:1\"}], \"requests\": []}");
        assertThat(Gale.run("report", json.toString()).errLines())
                .containsExactly("error: " + json + " looks like a plan file, not a result: gale report reads a result"
                        + " written with gale run --json FILE (e.g. gale run " + json + " --json run.json)");

        Path result = saved("run.json", SampleResults.typical());
        Gale.Result compared = Gale.run("compare", yaml.toString(), result.toString());
        assertThat(compared.exitCode()).as(compared.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(compared.errLines())
                .containsExactly("error: " + yaml + " looks like a plan file, not a result: gale compare reads results"
                        + " written with gale run --json FILE (e.g. gale run " + yaml + " --json run.json)");
    }

    @Test
    void aMissingOrForeignFileIsInvalidInput() throws Exception {
        Gale.Result missing = Gale.run("report", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).startsWith("error: cannot read ").contains("(no such file)");
        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "{\"hello\": 1}");
        Gale.Result wrong = Gale.run("report", foreign.toString());
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(wrong.err()).contains("is not a gale result");
        Gale.Result folder = Gale.run("report", dir.toString());
        assertThat(folder.errLines())
                .containsExactly("error: cannot read " + dir + ": it is a directory. Give a file written by gale run"
                        + " --json FILE");
        Gale.Result empty = Gale.run("compare", "", foreign.toString());
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(empty.errLines())
                .containsExactly(
                        "error: the result file name is empty. Give a file written by gale run --json FILE",
                        "error: " + foreign + " is not a gale result (expected \"format\": \"gale-result/1\")."
                                + " Write one with gale run --json FILE");
    }

    @Test
    void aResultOfANewerFormatSaysToUpgradeGale() throws Exception {
        Path json = saved("run.json", SampleResults.typical());
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, Files.readString(json).replace("\"gale-result/1\"", "\"gale-result/2\""));
        String line = "error: " + newer + " was written by a newer gale (format gale-result/2); this gale reads"
                + " gale-result/1: upgrade gale";
        Gale.Result report = Gale.run("report", newer.toString());
        assertThat(report.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(report.out()).isEmpty();
        assertThat(report.errLines()).containsExactly(line);
        Gale.Result compare = Gale.run("compare", json.toString(), newer.toString());
        assertThat(compare.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(compare.errLines()).containsExactly(line);
    }

    @Test
    void anOutputThatCannotBeWrittenIsInvalidInputAndNothingIsWritten() throws Exception {
        Path json = saved("run.json", SampleResults.typical());
        Files.createDirectory(dir.resolve("taken"));
        Gale.Result run = Gale.run(
                "report",
                json.toString(),
                "--html",
                dir.resolve("taken").toString(),
                "--csv",
                dir.resolve("r.csv").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.errLines())
                .containsExactly("error: --html " + dir.resolve("taken") + " is a folder; give a file name");
        assertThat(run.out()).isEmpty();
        assertThat(dir.resolve("r.csv")).doesNotExist();
    }

    @Test
    void aReportIsNotWrittenOverItsResultNorTwiceToOneFile() throws Exception {
        Path json = saved("run.json", SampleResults.typical());
        String kept = Files.readString(json);
        String same = dir.resolve("same.out").toString();

        Gale.Result run = Gale.run("report", json.toString(), "--html", json.toString(), "--csv", same, "--hlog", same);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.errLines())
                .containsExactly(
                        "error: --html " + json + " is the result being reported: write the report elsewhere",
                        "error: --csv and --hlog both write " + same + ": give each its own file");
        assertThat(Files.readString(json)).isEqualTo(kept);
        assertThat(dir.resolve("same.out")).doesNotExist();
    }

    @Test
    void aComparisonIsNotWrittenOverEitherResult() throws Exception {
        Path before = saved("before.json", SampleResults.typical());
        Path after = saved("after.json", SampleResults.typical());

        Gale.Result run = Gale.run("compare", before.toString(), after.toString(), "--html", after.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.errLines())
                .containsExactly("error: --html " + after + " is a result being compared: write the report elsewhere");
        assertThat(ReportCommand.read(after, new java.util.ArrayList<>())).isNotNull();
    }

    @Test
    void anOutputThatFailsWhileWritingIsReportedAfterTheOthersAreWritten() throws Exception {
        // /dev/full passes every check (a file in a writable folder) and fails on the first write.
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "needs /dev/full");
        Path json = saved("run.json", SampleResults.typical());
        Gale.Result run = Gale.run(
                "report",
                json.toString(),
                "--html",
                full.toString(),
                "--csv",
                dir.resolve("r.csv").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(run.err()).contains("error: cannot write --html /dev/full");
        assertThat(dir.resolve("r.csv")).exists();
    }

    @Test
    void compareFlagsARegressionAndCanFailOnIt() throws Exception {
        Path before = saved("before.json", SampleResults.build(false, 600, 1.0, 1));
        Path after = saved("after.json", SampleResults.build(false, 600, 1.5, 2));
        Gale.Result run = Gale.run(
                "compare",
                before.toString(),
                after.toString(),
                "--html",
                dir.resolve("c.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("before.json", "after.json", "p50", "worse");
        assertThat(Files.readString(dir.resolve("c.html"))).contains("chart-compare-distribution");
        assertThat(Gale.run("compare", before.toString(), after.toString(), "--fail-on-regression")
                        .exitCode())
                .isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        assertThat(Gale.run("compare", before.toString(), before.toString(), "--fail-on-regression")
                        .exitCode())
                .isZero();
    }

    @Test
    void compareWritesItsHtmlToStdoutForDashAndTheComparisonToStderr() throws Exception {
        Path before = saved("before.json", SampleResults.build(false, 600, 1.0, 1));
        Path after = saved("after.json", SampleResults.build(false, 600, 1.5, 2));

        Gale.Result run = Gale.run("compare", before.toString(), after.toString(), "--html", "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("<!DOCTYPE html>").contains("chart-compare-distribution");
        assertThat(run.err()).contains("before.json", "after.json", "p50", "worse");
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void compareSaysWhenItsHtmlCannotBeWrittenAfterPrintingTheComparison() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "needs /dev/full");
        Path r = saved("r.json", SampleResults.typical());
        Gale.Result run = Gale.run("compare", r.toString(), r.toString(), "--html", full.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(run.out()).contains("p50");
        assertThat(run.errLines()).singleElement().asString().startsWith("error: cannot write --html " + full + ": ");
    }

    @Test
    void compareChecksItsNoiseFloor() throws Exception {
        Path r = saved("r.json", SampleResults.typical());
        Gale.Result run = Gale.run("compare", r.toString(), r.toString(), "--noise", "lots");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("--noise must be a percentage");
        assertThat(CompareCommand.parseNoise("5%")).isEqualTo(0.05);
        assertThat(CompareCommand.parseNoise("0.1")).isEqualTo(0.1);
    }
}
