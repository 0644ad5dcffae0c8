package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thresholds end to end, against the built-in target: a failed threshold exits 1 and is reported (text and
 * JUnit XML), an abort threshold stops the run early, and a plan file with two targets reports per name.
 */
class ThresholdIT {
    @TempDir
    Path dir;

    @Test
    void aFailedThresholdExitsOneAndIsReportedAsAJunitFailure() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Path junit = dir.resolve("thresholds.xml");
            Gale.Result o = Gale.run(
                    "run",
                    "-R",
                    "100",
                    "-d",
                    "2s",
                    "-c",
                    "8",
                    "--progress",
                    "off",
                    "--threshold",
                    "p50<1ms",
                    "--threshold",
                    "dropped==0",
                    "--threshold",
                    "error_rate<1%",
                    "--junit",
                    junit.toString(),
                    server.baseUrl() + "/?delay=20ms");
            assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
            assertThat(o.out())
                    .containsPattern("FAIL  p50<1ms +measured \\d+\\.\\d\\dms")
                    .contains("pass  dropped==0")
                    .contains("pass  error_rate<1%");
            String xml = Files.readString(junit);
            assertThat(xml).contains("tests=\"3\"").contains("failures=\"1\"").contains("name=\"p50&lt;1ms\"");
        }
    }

    @Test
    void aJunitReportThatCannotBeWrittenIsReportedWithTheOtherFilesThatCannot() throws Exception {
        // /dev/full passes every check (a file in a writable folder) and fails on the first write.
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "needs /dev/full");
        // The result --json cannot write is saved in the temporary folder: this test's own, not the machine's /tmp,
        // where every build left one.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String systemTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Gale.Result o = Gale.run(
                    "run",
                    "-n",
                    "5",
                    "-c",
                    "1",
                    "--progress",
                    "off",
                    "--threshold",
                    "requests>=5",
                    "--json",
                    full.toString(),
                    "--junit",
                    full.toString(),
                    server.baseUrl() + "/");
            assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(o.errLines())
                    .filteredOn(line -> line.startsWith("error: "))
                    .hasSize(2)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("error: cannot write --json " + full + ": ")
                            .contains("; the result is saved instead in " + tmp.resolve("gale-result-")))
                    .anySatisfy(line -> assertThat(line).startsWith("error: cannot write --junit " + full + ": "));
        } finally {
            System.setProperty("java.io.tmpdir", systemTmp);
        }
    }

    @Test
    void passingThresholdsExitZero() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Gale.Result o = Gale.run(
                    "run",
                    "-R",
                    "100",
                    "-d",
                    "1s",
                    "-c",
                    "4",
                    "--progress",
                    "off",
                    "--threshold",
                    "p50<1s",
                    "--threshold",
                    "requests>=50",
                    server.baseUrl() + "/");
            assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.OK);
            assertThat(o.out()).contains("pass  p50<1s").contains("pass  requests>=50");
        }
    }

    @Test
    void anAbortThresholdStopsTheRunEarly() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            long start = System.nanoTime();
            Gale.Result o = Gale.run(
                    "run",
                    "-R",
                    "100",
                    "-d",
                    "30s",
                    "-c",
                    "8",
                    "--progress",
                    "off",
                    "--threshold",
                    "p50<1ms;abort=1s",
                    server.baseUrl() + "/?delay=20ms");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(o.exitCode()).as(o.err()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
            // Judged every second after 1 s of load; the run ends a few seconds in, far from 30 s.
            assertThat(seconds).isLessThan(10);
            assertThat(o.out()).contains("STOPPED EARLY").contains("(stopped the run)");
            assertThat(o.errLines())
                    .anySatisfy(l -> assertThat(l).startsWith("stopped early: threshold p50<1ms failed"));
        }
    }

    @Test
    void aPlanWithTwoTargetsReportsEachRequestByName() throws Exception {
        try (GaleServer a = GaleServer.start(ServeOptions.defaults());
                GaleServer b = GaleServer.start(ServeOptions.defaults())) {
            Path plan = dir.resolve("plan.yaml");
            Files.writeString(plan, """
                    threads: 2
                    targets:
                      - {name: a, url: '%s', max_connections: 8}
                      - {name: b, url: '%s/api', max_connections: 4}
                    requests:
                      - {name: home, target: a, path: /, weight: 3}
                      - {name: search, target: b, path: '/search?delay=2ms', priority: 1}
                    warmup: 1s
                    rate: 200
                    duration: 2s
                    thresholds:
                      - search:p50>=2ms
                      - home:requests>=250
                    """.formatted(a.baseUrl(), b.baseUrl()));
            Gale.Result o = Gale.run("run", plan.toString(), "--progress", "off");
            assertThat(o.exitCode()).as(o.toString()).isEqualTo(ExitCodes.OK);
            assertThat(o.out())
                    .containsPattern("\\n  home +\\d[\\d,]* ")
                    .containsPattern("\\n  search +\\d[\\d,]* ")
                    .contains("Warm-up")
                    .contains("pass  search:p50>=2ms");
            assertThat(b.requests()).isGreaterThan(0);
        }
    }
}
