package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-second run against the built-in target writes every report; {@code gale report} rebuilds them
 * from the run's JSON, and they come out byte for byte the same.
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
                dir.resolve(prefix + ".hgrm").toString());
    }

    @Test
    void reportsRebuiltFromJsonEqualTheReportsWrittenLive() throws Exception {
        ServeOptions options = ServeOptions.defaults()
                .withDelay(Duration.ofMillis(1), Duration.ofMillis(3))
                .withErrorRate(0.02);
        Gale.Result live;
        try (GaleServer server = GaleServer.start(options)) {
            List<String> args = new java.util.ArrayList<>(List.of(
                    "run",
                    "-R",
                    "300",
                    "-d",
                    "2s",
                    "-c",
                    "8",
                    "-t",
                    "2",
                    "--progress",
                    "plain",
                    "--json",
                    dir.resolve("run.json").toString(),
                    server.baseUrl() + "/"));
            args.addAll(outputs("live"));
            live = Gale.run(args.toArray(String[]::new));
        }
        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.err()).contains("req/s (offered", "wrote " + dir.resolve("live.html"));

        List<String> args = new java.util.ArrayList<>(
                List.of("report", dir.resolve("run.json").toString()));
        args.addAll(outputs("rebuilt"));
        Gale.Result rebuilt = Gale.run(args.toArray(String[]::new));
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();

        assertThat(rebuilt.out()).isEqualTo(live.out());
        for (String ext : List.of("html", "csv", "hlog", "hgrm")) {
            assertThat(Files.readString(dir.resolve("rebuilt." + ext)))
                    .as(ext)
                    .isEqualTo(Files.readString(dir.resolve("live." + ext)));
        }
        assertThat(Files.readString(dir.resolve("live.csv")).lines().count()).isGreaterThanOrEqualTo(3);
        assertThat(live.out()).contains("Status codes  200: ", "500: ");
    }
}
