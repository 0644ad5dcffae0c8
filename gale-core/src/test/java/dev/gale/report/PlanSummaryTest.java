package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.PlanFile;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanSummaryTest {
    @Test
    void theRateOfAShortRampIsShownAtTheInstantsItHasThere() {
        // --stage 1s:1000 --stage 2s:2000: sampled every quarter of each stage.
        Plan plan = new Plan(
                List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(
                        new Phase(
                                "stage 1",
                                LoadModel.Open.constant(0).withRates(0, 1000),
                                Duration.ofSeconds(1),
                                0,
                                false),
                        new Phase(
                                "stage 2",
                                LoadModel.Open.constant(0).withRates(1000, 2000),
                                Duration.ofSeconds(2),
                                0,
                                false)),
                2);
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, 2, new PrintWriter(out));

        assertThat(out.toString())
                .contains("rate at 0s 0, 0.25s 250, 0.5s 500, 0.75s 750, 1s 1,000 req/s")
                .contains("rate at 0s 1,000, 0.5s 1,250, 1s 1,500, 1.5s 1,750, 2s 2,000 req/s")
                .contains("1s .. 3s");
    }

    @Test
    void aPhaseOfRequestsAtAConstantRateEndsWhenItsRequestsHaveBeenSent() {
        // {rate: 100, max_requests: 50} then {connections: 4, max_requests: 100}: the second starts at 0.5 s.
        Plan plan = new Plan(
                List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(
                        new Phase("p1", LoadModel.Open.constant(100), null, 50, false),
                        new Phase("p2", LoadModel.Closed.connections(4), null, 100, false)),
                2);
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, 2, new PrintWriter(out));

        assertThat(out.toString()).contains("1. p1               0s .. 0.5s").contains("2. p2             0.5s .. ?");
    }

    @Test
    void aTargetShowsItsUrlWithTheBasePathAndARequestItsFullPath() {
        String yaml = """
                targets: [{name: api, url: 'http://h:1/api/'}, {name: root, url: 'http://h:2'}]
                requests: [{name: x, target: api, path: /x}, {name: y, target: root, path: /y}]
                """;
        Plan plan = PlanFile.parse("plan.yaml", yaml, Path.of(".")).resolve(1);
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, 1, new PrintWriter(out));

        assertThat(out.toString())
                .contains("  api              http://h:1/api\n")
                .contains("  root             http://h:2\n")
                .contains("GET /api/x -> api")
                .contains("GET /y -> root");
    }

    @Test
    void aPhaseOfAboutOneRequestSaysRequestNotRequests() {
        // -R 1 -d 1s: one request is due, and one measured.
        Plan plan = new Plan(
                List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(1), Duration.ofSeconds(1), 0, false)),
                2);
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, 2, new PrintWriter(out));

        assertThat(out.toString())
                .contains("     about 1 request\n")
                .contains("  total 1s, about 1 measured request (open phases)");
    }

    @Test
    void aPlanShorterThanAMillisecondReadsAsTheRunningLineDoes() {
        // -R 4000 -d 250us: the total read 0s, where the phase and the Running line read 250us.
        Plan plan = new Plan(
                List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(4000), Duration.ofNanos(250_000), 0, false)),
                2);
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, 2, new PrintWriter(out));

        assertThat(out.toString()).contains("  total 250us, about 1 measured request (open phases)");
    }
}
