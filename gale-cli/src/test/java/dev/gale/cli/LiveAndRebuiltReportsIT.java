package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.Histograms;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.report.JsonReport;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real two-second run against the built-in target writes every report; {@code gale report} rebuilds them
 * from the run's JSON, and they come out byte for byte the same, the JUnit XML of its thresholds too. The
 * interval log keeps warm-up and measured requests apart even where one row of the timeline holds both.
 */
class LiveAndRebuiltReportsIT {
    @TempDir
    Path dir;

    private List<String> outputs(String prefix) {
        return List.of(
                "--latency",
                "--html",
                dir.resolve(prefix + ".html").toString(),
                "--csv",
                dir.resolve(prefix + ".csv").toString(),
                "--hlog",
                dir.resolve(prefix + ".hlog").toString(),
                "--percentiles",
                dir.resolve(prefix + ".hgrm").toString(),
                "--junit",
                dir.resolve(prefix + ".xml").toString());
    }

    /** What to load: one URL, or a plan of three request names, whose CSV has a total row per interval. */
    enum Load {
        URL,
        PLAN
    }

    @ParameterizedTest
    @EnumSource(Load.class)
    void reportsRebuiltFromJsonEqualTheReportsWrittenLive(Load load) throws Exception {
        ServeOptions options = ServeOptions.defaults()
                .withDelay(Duration.ofMillis(1), Duration.ofMillis(3))
                .withErrorRate(0.02);
        Gale.Result live;
        try (GaleServer server = GaleServer.start(options)) {
            String what = server.baseUrl() + "/";
            if (load == Load.PLAN) {
                Path plan = dir.resolve("plan.yaml");
                Files.writeString(
                        plan,
                        String.join(
                                "\n",
                                "threads: 2",
                                "targets:",
                                "  - url: " + server.baseUrl(),
                                "    max_connections: 8",
                                "requests:",
                                "  - {name: home, path: /home, weight: 3}",
                                "  - {name: cart, path: /cart, weight: 2}",
                                "  - {name: search, path: /search, weight: 1}",
                                "phases:",
                                "  - {duration: 2s, rate: 300}",
                                ""));
                what = plan.toString();
            }
            List<String> args = new java.util.ArrayList<>(List.of(
                    "run",
                    "--progress",
                    "plain",
                    "--json",
                    dir.resolve("run.json").toString(),
                    "--threshold",
                    "p99<10s",
                    "--threshold",
                    "requests<1",
                    what));
            if (load == Load.URL) {
                args.addAll(1, List.of("-R", "300", "-d", "2s", "-c", "8", "-t", "2"));
            } else {
                args.addAll(List.of("--threshold", "cart:error_rate<100%"));
            }
            args.addAll(outputs("live"));
            live = Gale.run(args.toArray(String[]::new));
        }
        // requests<1 fails: the run exits 1; the report of its result, whatever it says, exits 0.
        assertThat(live.exitCode()).as(live.err()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        assertThat(live.err()).contains("req/s (offered", "wrote " + dir.resolve("live.html"));

        List<String> args = new java.util.ArrayList<>(
                List.of("report", dir.resolve("run.json").toString()));
        args.addAll(outputs("rebuilt"));
        Gale.Result rebuilt = Gale.run(args.toArray(String[]::new));
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.err()).contains("wrote " + dir.resolve("rebuilt.xml"));

        assertThat(rebuilt.out()).isEqualTo(live.out());
        for (String ext : List.of("html", "csv", "hlog", "hgrm", "xml")) {
            assertThat(Files.readString(dir.resolve("rebuilt." + ext)))
                    .as(ext)
                    .isEqualTo(Files.readString(dir.resolve("live." + ext)));
        }
        assertThat(live.out()).contains("Status codes  200: ", "500: ");
        assertThat(Files.readString(dir.resolve("live.xml")))
                .contains("failures=\"1\"", "name=\"requests&lt;1\"", "name=\"p99&lt;10s\"");

        List<String> csv = Files.readString(dir.resolve("live.csv")).lines().toList();
        assertThat(csv.size()).isGreaterThanOrEqualTo(3);
        List<String> totals =
                csv.stream().filter(line -> line.contains(",(all),,")).toList();
        if (load == Load.URL) {
            assertThat(totals).isEmpty(); // the one request's rows are the totals
        } else {
            // One total row per interval, after the interval's three request rows.
            assertThat(totals).hasSize((csv.size() - 1) / 4);
            assertThat(csv.get(4)).contains(",(all),,");
        }
    }

    @Test
    void warmUpResponsesAfterTheWarmUpStayOutOfTheMeasuredIntervalLog() throws Exception {
        // 300 ms responses at 200 req/s: the warm-up's last 60 or so are answered in the first measured second.
        Path json = dir.resolve("warm.json");
        Path hlog = dir.resolve("warm.hlog");
        Gale.Result live;
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            live = Gale.run(
                    "run",
                    "-R",
                    "200",
                    "--warmup",
                    "1s",
                    "-d",
                    "1s",
                    "--progress",
                    "off",
                    "--json",
                    json.toString(),
                    "--hlog",
                    hlog.toString(),
                    server.baseUrl() + "/?delay=300ms");
        }
        assertThat(live.exitCode()).as(live.err()).isZero();
        RunResult r = JsonReport.read(json);
        Stats measured = r.total();
        Stats warmup = new Stats();
        r.warmupRequests().forEach(warmup::add);
        assertThat(r.timeline())
                .as("a row of the measured phase holds warm-up requests")
                .anySatisfy(p -> {
                    assertThat(p.warmup()).isFalse();
                    assertThat(p.otherKind()).isNotNull();
                    assertThat(p.otherKind().total().responses()).isPositive();
                });

        Map<String, Histogram> byTag = new HashMap<>();
        try (InputStream in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                byTag.computeIfAbsent(String.valueOf(h.getTag()), t -> Histograms.create())
                        .add((Histogram) h);
            }
        }
        // The untagged histograms are the measured run as the summary shows it, the warm-up's its own.
        assertThat(byTag.get("null")).isEqualTo(measured.responseTime());
        assertThat(byTag.get("service")).isEqualTo(measured.serviceTime());
        assertThat(byTag.get("warmup")).isEqualTo(warmup.responseTime());
        assertThat(byTag.get("warmup.service")).isEqualTo(warmup.serviceTime());

        Gale.Result rebuilt = Gale.run(
                "report", json.toString(), "--hlog", dir.resolve("rebuilt.hlog").toString());
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(Files.readString(dir.resolve("rebuilt.hlog"))).isEqualTo(Files.readString(hlog));
    }
}
