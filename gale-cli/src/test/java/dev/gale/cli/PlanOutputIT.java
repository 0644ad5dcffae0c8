package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.RunResult;
import dev.gale.report.JsonReport;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
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
