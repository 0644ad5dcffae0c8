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
    void aTargetOfOneConnectionSaysConnectionOnce() {
        // -c 1: 'max 1 connections (1 per thread)'.
        Plan plan = new Plan(
                List.of(new Target(
                        "t",
                        "http",
                        "127.0.0.1",
                        8080,
                        ConnectionSettings.defaults().withMaxConnections(1))),
                List.of(RequestSpec.get("r", "t", "/")),
                List.of(new Phase("main", LoadModel.Closed.connections(1), Duration.ofSeconds(1), 0, false)),
                1);
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, 1, new PrintWriter(out));

        assertThat(out.toString()).contains(" max 1 connection (1 per thread), queue ");
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

    @Test
    void eachRequestShowsTheHeadersItSendsWithSecretsHidden() {
        Plan plan = new Plan(
                List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                List.of(
                        new RequestSpec(
                                "a",
                                "t",
                                "GET",
                                "/a",
                                List.of(
                                        new dev.gale.plan.Header("X-Run", "1"),
                                        new dev.gale.plan.Header("Authorization", "Bearer abc")),
                                null,
                                dev.gale.plan.StatusSet.SUCCESS,
                                1,
                                0),
                        RequestSpec.get("b", "t", "/b")),
                List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                1);
        String text = summary(plan, 1);

        assertThat(text)
                .contains("  a                        GET /a -> t, 50.0% of the mix")
                .contains("\n                           X-Run: 1, Authorization: Bearer <redacted>\n")
                .doesNotContain("abc")
                .contains("  b                        GET /b -> t, 50.0% of the mix, priority 0, expect 200..399\n\n");
    }

    @Test
    void aShareOfTheMixBelowOnePercentShowsTwoDigitsAndHowOftenItIsSent() {
        // Weights 10000 and fifty of 1: the small ones read '0.0%' and were sent 13 times as often.
        List<RequestSpec> requests = new java.util.ArrayList<>();
        requests.add(weighted("big", 10_000));
        for (int i = 0; i < 50; i++) {
            requests.add(weighted("s" + i, 1));
        }
        String text = summary(mix(requests), 2);

        assertThat(text)
                .contains("  big                      GET /big -> t, 99.5% of the mix, priority 0")
                .contains("  s0                       GET /s0 -> t, 0.010% of the mix (1 in 10,050), priority 0")
                .contains("  s49                      GET /s49 -> t, 0.010% of the mix (1 in 10,050), priority 0");

        String rare = summary(mix(List.of(weighted("rare", 1), weighted("common", 2000), weighted("other", 1000))), 2);
        assertThat(rare)
                .contains("  rare                     GET /rare -> t, 0.033% of the mix (1 in 3,001), priority 0")
                .contains("  common                   GET /common -> t, 66.6% of the mix, priority 0")
                .contains("  other                    GET /other -> t, 33.3% of the mix, priority 0");

        // A share short of all of them does not read 100%.
        String most = summary(mix(List.of(weighted("most", 1e9), weighted("few", 1))), 2);
        assertThat(most)
                .contains("  most                     GET /most -> t, 99.9999999% of the mix, priority 0")
                .contains("  few                      GET /few -> t, 0.00000010% of the mix (1 in 1,000,000,001)");
    }

    private static RequestSpec weighted(String name, double weight) {
        return new RequestSpec(
                name, "t", "GET", "/" + name, List.of(), null, dev.gale.plan.StatusSet.SUCCESS, weight, 0);
    }

    private static Plan mix(List<RequestSpec> requests) {
        return new Plan(
                List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                requests,
                List.of(new Phase("main", LoadModel.Open.constant(1000), Duration.ofSeconds(3), 0, false)),
                2);
    }

    @Test
    void aClosedPhaseWithMoreUsersThanATargetHasConnectionsSaysTheyWillWait() {
        Target few = new Target(
                "api", "http", "127.0.0.1", 8080, ConnectionSettings.defaults().withMaxConnections(4));
        Target many = new Target(
                "web", "http", "127.0.0.1", 8081, ConnectionSettings.defaults().withMaxConnections(16));
        Plan plan = new Plan(
                List.of(few, many),
                List.of(RequestSpec.get("a", "api", "/"), RequestSpec.get("w", "web", "/")),
                List.of(
                        new Phase("users", new LoadModel.Closed(2, 10), Duration.ofSeconds(2), 0, false),
                        new Phase("few", LoadModel.Closed.connections(4), Duration.ofSeconds(2), 0, false)),
                2);
        String text = summary(plan, 2);

        assertThat(text)
                .contains("closed model, 2 -> 10 connections, 2s\n"
                        + "     connections ramp linearly from 2 to 10\n"
                        + "     note: 10 users, about 5 at a time to api by the mix, at most 4 connections to api: users"
                        + " may wait for a connection (raise its max_connections, or --max-connections)\n")
                .doesNotContain("to web:");
        assertThat(text.lines().filter(l -> l.contains("note:")))
                .as("not for 4 users")
                .hasSize(1);

        // 60 users over two targets of 40 connections each: 30 at a time to each, no wait.
        Target a = new Target(
                "a", "http", "127.0.0.1", 8080, ConnectionSettings.defaults().withMaxConnections(40));
        Target b = new Target(
                "b", "http", "127.0.0.1", 8081, ConnectionSettings.defaults().withMaxConnections(40));
        Plan spread = new Plan(
                List.of(a, b),
                List.of(RequestSpec.get("a", "a", "/"), RequestSpec.get("b", "b", "/")),
                List.of(new Phase("users", LoadModel.Closed.connections(60), Duration.ofSeconds(2), 0, false)),
                2);
        assertThat(summary(spread, 2)).doesNotContain("note:");
    }

    @Test
    void anAbortGraceAsLongAsTheMeasuredRunSaysItCanNeverStopIt() {
        Plan plan = new Plan(
                        List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                        List.of(RequestSpec.get("r", "t", "/")),
                        List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(2), 0, false)),
                        1)
                .withThresholds(List.of(
                        dev.gale.plan.Threshold.parse("p99<1ms;abort=5s"),
                        dev.gale.plan.Threshold.parse("p50<1ms;abort=1s"),
                        dev.gale.plan.Threshold.parse("max<1ms;abort=2s")));
        String text = summary(plan, 1);

        assertThat(text)
                .contains("  p99<1ms  (stops the run when it fails, after 5s: never, in a run that measures 2s)\n")
                .contains("  p50<1ms  (stops the run when it fails, after 1s)\n")
                .as("not judged at the last interval's end, the run's: a failure there is a plain FAIL")
                .contains("  max<1ms  (stops the run when it fails, after 2s: never, in a run that measures 2s)\n");
    }

    @Test
    void aLowerLimitOnACountSaysItIsJudgedAtTheEndNotThatItStopsTheRun() {
        Plan plan = new Plan(
                        List.of(new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults())),
                        List.of(RequestSpec.get("r", "t", "/")),
                        List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(4), 0, false)),
                        1)
                .withThresholds(List.of(
                        dev.gale.plan.Threshold.parse("requests>=800;abort"),
                        dev.gale.plan.Threshold.parse("errors!=3;abort=1s"),
                        dev.gale.plan.Threshold.parse("dropped<=10;abort")));
        String text = summary(plan, 1);

        assertThat(text)
                .contains("  requests>=800  (judged at the end, never stopping the run: requests only rises, so a lower"
                        + " limit cannot fail before it)\n")
                .contains("  errors!=3  (judged at the end, never stopping the run: errors only rises, so != cannot"
                        + " fail before it)\n")
                .contains("  dropped<=10  (stops the run when it fails)\n");
    }

    private static String summary(Plan plan, int threads) {
        StringWriter out = new StringWriter();
        PlanSummary.write(plan, threads, new PrintWriter(out));
        return out.toString();
    }
}
