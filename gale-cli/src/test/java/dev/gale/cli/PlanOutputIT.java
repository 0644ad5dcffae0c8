package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.RunResult;
import dev.gale.report.HlogReport;
import dev.gale.report.JsonReport;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan's {@code output} section does what the output flags do, and a flag given wins over it. */
class PlanOutputIT {
    @TempDir
    Path dir;

    private Path plan(GaleServer server) throws Exception {
        return Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - url: %s
                requests:
                  - path: /
                rate: 50
                duration: 1s
                thresholds:
                  - p99<10s
                output:
                  json: %s
                  junit: %s
                  latency: true
                  progress: off
                """.formatted(
                        server.baseUrl(), dir.resolve("plan.json"), dir.resolve("plan.xml")));
    }

    @Test
    void theOutputSectionWritesTheFilesAndChoosesTheViews() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Gale.Result r = Gale.run("run", plan(server).toString());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as("latency: true").contains("Service time").contains("Schedule lag");
            assertThat(r.err()).as("progress: off").doesNotContain("req/s (offered");
            RunResult result = JsonReport.read(dir.resolve("plan.json"));
            assertThat(result.total().responses()).isEqualTo(50);
            assertThat(Files.readString(dir.resolve("plan.xml"))).contains("p99&lt;10s");
        }
    }

    @Test
    void aPathThroughAFolderNotThereIsWrittenWhereTheCheckLooked() throws Exception {
        // The check passed a/../- (its folder takes files); the writer, after the run, found no folder a to go
        // back out of: exit 3, the results lost.
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                    targets:
                      - url: %s
                    requests:
                      - path: /
                    max_requests: 10
                    connections: 1
                    output:
                      hlog: "%s"
                      json: "%s"
                    """.formatted(
                            server.baseUrl(), dir.resolve("a/../-"), dir.resolve("b/c/../../run.json")));

            Gale.Result r = Gale.run("run", plan.toString());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(JsonReport.read(dir.resolve("run.json")).total().responses())
                    .isEqualTo(10);
            assertThat(Files.readString(dir.resolve("-"))).startsWith("#gale ").contains("#[StartTime: ");
            assertThat(r.errLines())
                    .contains("wrote " + dir.resolve("a/../-"), "wrote " + dir.resolve("b/c/../../run.json"));
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("plan.yaml", "-", "run.json");
            }
        }
    }

    @Test
    void thePlansHlogIsWrittenWhileTheRunGoesAndHoldsEveryIntervalWhenAThresholdStopsIt() throws Exception {
        Path hlog = dir.resolve("out/plan.hlog");
        Path json = dir.resolve("plan.json");
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Path plan = Files.writeString(dir.resolve("stream.yaml"), """
                    targets:
                      - url: %s
                    requests:
                      - {name: home, path: '/?delay=20ms'}
                      - {name: search, path: '/search?delay=20ms'}
                    warmup: 2s
                    rate: 100
                    duration: 30s
                    thresholds:
                      - p50<1ms;abort=2s
                    output:
                      hlog: %s
                      json: %s
                      progress: off
                    """.formatted(server.baseUrl(), hlog, json));
            CompletableFuture<Gale.Result> run = CompletableFuture.supplyAsync(() -> Gale.run("run", plan.toString()));

            // While the run goes, the file fills interval by interval.
            Set<Integer> seen = new TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!run.isDone() && System.nanoTime() < deadline) {
                try {
                    if (Files.exists(hlog)) {
                        seen.add(intervals(hlog));
                    }
                } catch (RuntimeException readWhileWritten) {
                    // this read overlapped a write and saw half a line: look again
                }
                Thread.sleep(50);
            }
            Gale.Result r = run.get(30, TimeUnit.SECONDS);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
            assertThat(r.err()).contains("stopped early: threshold p50<1ms failed", "wrote " + hlog);
            int all = intervals(hlog);
            assertThat(seen)
                    .as("interval counts seen in the file while the run went, of %d in the end", all)
                    .anyMatch(n -> n >= 1 && n < all);
            RunResult result = JsonReport.read(json);
            ByteArrayOutputStream fromResult = new ByteArrayOutputStream();
            HlogReport.write(result, fromResult);
            assertThat(Files.readString(hlog))
                    .as("the streamed log holds every interval of the result")
                    .isEqualTo(fromResult.toString(StandardCharsets.UTF_8))
                    .contains(
                            "#phase 'warm-up' (warm-up): from 0.000 s",
                            "#phase 'main': from ",
                            "Tag=response.home,",
                            "Tag=service.search,");
            // One response-time histogram per interval, two where an interval holds timed requests of both kinds
            // (the warm-up's last responses in the first measured second: each kind is logged under its own tag).
            assertThat(all)
                    .isEqualTo(result.timeline().size()
                            + result.timeline().stream()
                                    .filter(p -> p.otherKind() != null
                                            && p.otherKind()
                                                                    .total()
                                                                    .responseTime()
                                                                    .count()
                                                            + p.otherKind()
                                                                    .total()
                                                                    .serviceTime()
                                                                    .count()
                                                    > 0)
                                    .count());
        }
    }

    /**
     * The response-time histograms HdrHistogram's reader finds in {@code file}: untagged, or tagged {@code
     * warmup} for warm-up requests.
     */
    private static int intervals(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            int n = 0;
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                n += h.getTag() == null || h.getTag().equals("warmup") ? 1 : 0;
            }
            return n;
        }
    }

    @Test
    void anOutputFlagWinsOverThePlan() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Path flag = dir.resolve("flag.json");
            Gale.Result r = Gale.run("run", plan(server).toString(), "--json", flag.toString());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(flag).exists();
            assertThat(dir.resolve("plan.json")).doesNotExist();
            assertThat(dir.resolve("plan.xml"))
                    .as("the plan's other outputs still apply")
                    .exists();
        }
    }
}
