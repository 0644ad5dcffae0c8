package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gale.it.ReservedPort;
import dev.gale.it.TlsServer;
import dev.gale.plan.LoadModel;
import dev.gale.plan.RateCurve;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.report.JsonReport;
import dev.gale.report.Units;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gale run} end to end, in this JVM: what goes to stdout (results) and stderr (progress,
 * messages), the JSON result, and the exit codes for success (0), invalid input (2) and an unreachable
 * target (3).
 */
@Timeout(60)
class RunCommandIT {
    private static GaleServer server;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = GaleServer.start(ServeOptions.defaults());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void progressOffStillGivesTheWarnings() {
        // --progress off took the warnings with the progress lines: a protocol error said only "protocol: 20".
        String url = server.baseUrl() + "/?fault=malformed";

        Gale.Result o = Gale.run("run", "-n", "20", "-c", "2", "--progress", "off", url);

        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.err())
                .contains("warning: " + server.baseUrl() + " broke HTTP/1.1: not an HTTP/1.x status line")
                .doesNotContain("req/s (offered");
    }

    @Test
    void aSuccessfulRunExitsZeroWithTheSummaryOnStdoutAndProgressOnStderr(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        String url = server.baseUrl() + "/";
        long before = server.requests();

        Gale.Result o = Gale.run("run", "-d", "2s", "-c", "4", "-t", "2", "--latency", "--json", json.toString(), url);

        assertThat(o.exitCode()).as(o.toString()).isZero();
        RunResult r = JsonReport.read(json);
        Stats s = r.total();
        assertThat(s.responses()).isPositive().isEqualTo(server.requests() - before);
        assertThat(s.errors()).isZero();
        // Results on stdout, and only results.
        assertThat(o.out())
                .contains("gale ", url)
                .contains("Requests      " + Units.count(s.responses()) + " in 2.00s")
                .contains("Response time (closed model: from each send", "Service time", "Schedule lag")
                .contains("Status codes  200: " + Units.count(s.responses()))
                .contains("Errors        none")
                .doesNotContain("Running", "req/s (offered");
        // Progress and messages on stderr.
        assertThat(o.err())
                .contains("Running 2s test @ " + url)
                .containsPattern("\\[\\s*\\ds/2s\\] [\\d,.]+ req/s \\(offered")
                .contains("wrote " + json)
                .doesNotContain("error:", "warning:");
        assertThat(r.interrupted()).isFalse();
        assertThat(r.measuredSeconds()).isEqualTo(2.0);
    }

    @Test
    void aRampEndedByItsRequestLimitIsPlannedMeasuredAndOfferedUntilTheArrivalOverTheLimitIsDue(@TempDir Path dir)
            throws Exception {
        // 50 t + 25 t^2 arrivals by t: the 81st is due at sqrt(4.2) - 1 = 1.049 s, where the run ends. The plan
        // said 2 s: "Running 2s test", and 2 s as the live view's total, for a run of 1.05 s.
        long dueNanos = RateCurve.linear(50, 150, 2_000_000_000L).timeOf(80);
        Path json = dir.resolve("ramp.json");
        String url = server.baseUrl() + "/";

        Gale.Result o =
                Gale.run("run", "-R", "50..150", "-d", "2s", "-n", "80", "-c", "8", "--json", json.toString(), url);

        assertThat(o.exitCode()).as(o.toString()).isZero();
        RunResult r = JsonReport.read(json);
        assertThat(r.total().scheduled()).isEqualTo(80);
        assertThat(r.total().responses()).isEqualTo(80);
        assertThat(r.offeredRate()).isCloseTo(80 / (dueNanos / 1e9), within(1e-9));
        assertThat(o.out()).contains("Offered       80, " + Units.rate(80 / (dueNanos / 1e9)) + " req/s");
        if (!o.out().contains("Overran")) {
            assertThat(r.measuredNanos()).as(o.toString()).isEqualTo(dueNanos);
        } else {
            // A busy machine: gale sent the last requests more than 10 ms late, measured until then, and said so.
            assertThat(r.measuredNanos()).as(o.toString()).isBetween(dueNanos + 10_000_000L, dueNanos + 500_000_000L);
        }
        assertThat(o.err()).contains("Running 1.049s test @ " + url).containsPattern("\\[[^\\]]*/1\\.049s\\]");
    }

    @Test
    void aRampEndedByItsRequestLimitThatWentOutLateIsOfferedPerItsPlannedTime(@TempDir Path dir) throws Exception {
        // One connection, 100 ms a response: 10 req/s, where -R 10..30 -d 4s has its 20 requests due by sqrt(12) - 2
        // = 1.464 s (10 t + 2.5 t^2 by t). Sending them takes 1.9 s or more. The plan said 4 s, so the offered rate
        // was the 20 requests per the 1.9 s they took, about the achieved rate: 10.5 req/s where 13.7 were due.
        long dueNanos = RateCurve.linear(10, 30, 4_000_000_000L).timeOf(20);
        Path json = dir.resolve("late.json");

        Gale.Result o = Gale.run(
                "run",
                "-R",
                "10..30",
                "-d",
                "4s",
                "-n",
                "20",
                "-c",
                "1",
                "--acquire-timeout",
                "10s",
                "--json",
                json.toString(),
                server.baseUrl() + "/?delay=100ms");

        assertThat(o.exitCode()).as(o.toString()).isZero();
        RunResult r = JsonReport.read(json);
        assertThat(r.total().scheduled()).isEqualTo(20);
        assertThat(r.total().responses()).isEqualTo(20);
        // Measured until the last send: the 20th went out after 19 responses of 100 ms each.
        assertThat(r.measuredNanos()).as(o.toString()).isBetween(1_900_000_000L, 4_000_000_000L);
        assertThat(r.offeredRate()).isCloseTo(20 / (dueNanos / 1e9), within(1e-9));
        assertThat(o.out())
                .contains("Offered       20, " + Units.rate(20 / (dueNanos / 1e9)) + " req/s")
                .contains("Overran       sending took " + Units.seconds(r.measuredSeconds()) + ", "
                        + Units.seconds((r.measuredNanos() - dueNanos) / 1e9) + " more than planned");
    }

    @Test
    void aRequestLimitBelowTheConnectionsRunsAUserPerRequest(@TempDir Path dir) throws Exception {
        // -n 1 -c 64 opened 64 connections, on two threads, for one request, and every header said 64.
        Path json = dir.resolve("one.json");
        String url = server.baseUrl() + "/";
        long before = server.requests();

        Gale.Result o = Gale.run("run", "-n", "1", "-c", "64", "--progress", "off", "--json", json.toString(), url);

        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.errLines())
                .as(o.toString())
                .startsWith("note: -n 1 is below -c 64: 1 connection is enough", "Running test @ " + url);
        assertThat(o.errLines().get(2))
                .as(o.toString())
                .startsWith("  closed model, 1 connection, 1 request, 1 thread (");
        assertThat(o.out())
                .as(o.toString())
                .contains("\n  closed model, 1 connection, 1 request\n  1 thread (")
                .contains("Connections   1 opened, 0 failed to open");
        RunResult r = JsonReport.read(json);
        assertThat(r.total().responses()).isEqualTo(1).isEqualTo(server.requests() - before);
        assertThat(r.targets().get(0).connects()).isEqualTo(1);
        assertThat(r.generator().threads()).isEqualTo(1);
        assertThat(r.plan().phases().get(0).load()).isEqualTo(LoadModel.Closed.connections(1));
        assertThat(r.plan().targets().get(0).connections().maxConnections()).isEqualTo(1);
    }

    @Test
    void aPlansPhasesRunAUserPerRequestAndSendExactlyTheirRequests(@TempDir Path dir) throws Exception {
        // 20 users for 3 requests, then 64 for 5, over a mix of two: 3 users, then 5, 8 requests in all.
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets: [{url: '%s'}]
                requests:
                  - {name: a, path: /a, weight: 3}
                  - {name: b, path: /b}
                phases:
                  - {name: few, duration: 1s, connections: 20, max_requests: 3}
                  - {name: probe, connections: 64, max_requests: 5}
                """.formatted(server.baseUrl()));
        Path json = dir.resolve("plan.json");
        long before = server.requests();

        Gale.Result o = Gale.run("run", "--progress", "off", "--json", json.toString(), plan.toString());

        assertThat(o.exitCode()).as(o.toString()).isZero();
        assertThat(o.errLines())
                .as(o.toString())
                .startsWith(
                        "note: " + plan + ", phase 'few': max_requests 3 is below its 20 connections: 3 connections"
                                + " are enough",
                        "note: " + plan + ", phase 'probe': max_requests 5 is below its 64 connections: 5"
                                + " connections are enough");
        RunResult r = JsonReport.read(json);
        assertThat(r.total().responses()).isEqualTo(8).isEqualTo(server.requests() - before);
        // Which loop sends which of the shared budget's requests is a race; their sum is not.
        assertThat(r.requests().stream().mapToLong(Stats::responses).sum()).isEqualTo(8);
        assertThat(r.targets().get(0).connects()).as("one per user at most").isLessThanOrEqualTo(5);
        assertThat(r.plan().phases())
                .extracting(p -> p.load())
                .containsExactly(LoadModel.Closed.connections(3), LoadModel.Closed.connections(5));
    }

    @Test
    void invalidFlagsExitTwoBeforeAnyRequestIsSent() {
        String url = server.baseUrl() + "/";
        long before = server.requests();

        Gale.Result zero = Gale.run("run", "-c", "0", "-d", "1s", url);
        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(zero.err()).contains("error: --connections must be >= 1 (got 0)");
        assertThat(zero.out()).isEmpty();

        Gale.Result rate = Gale.run("run", "--rate", "fast", "-d", "1s", url);
        assertThat(rate.exitCode()).as(rate.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(rate.err()).contains("error: --rate must be a number", "'fast'");

        Gale.Result duration = Gale.run("run", "-d", "soon", url);
        assertThat(duration.exitCode()).as(duration.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(duration.err()).startsWith("error: ").contains("'soon' is not a duration");

        Gale.Result scheme = Gale.run("run", "-d", "1s", "ftp://127.0.0.1/file");
        assertThat(scheme.exitCode()).as(scheme.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(scheme.err()).contains("only http:// and https:// are supported");

        // Every problem at once, one line each.
        Gale.Result several = Gale.run("run", "-c", "0", "--timeout", "0s", url);
        assertThat(several.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(several.err().lines().filter(l -> l.startsWith("error: ")))
                .anyMatch(l -> l.contains("--connections"))
                .anyMatch(l -> l.contains("--timeout"));

        assertThat(server.requests()).as("requests sent by invalid commands").isEqualTo(before);
    }

    @Test
    void aRefusedPortExitsThreeSayingWhatIsWrong() throws Exception {
        try (ReservedPort dead = ReservedPort.reserve()) {
            Gale.Result o = Gale.run("run", "-d", "1s", dead.baseUrl() + "/");

            assertThat(o.exitCode()).as(o.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(o.err())
                    .contains("error: cannot connect to " + dead.baseUrl()
                            + " (connection refused). Is the server running?");
            assertThat(o.out()).isEmpty();
        }
    }

    @Test
    void anHttpsTargetWithAnUntrustedCertificateExitsThreeUnlessInsecure(@TempDir Path dir) throws Exception {
        try (TlsServer tls = TlsServer.start()) {
            String url = tls.baseUrl() + "/";
            Gale.Result checked = Gale.run("run", "-n", "50", "-c", "2", url);

            assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(checked.err())
                    .startsWith("error: cannot connect to " + tls.baseUrl() + ": the server's certificate is not"
                            + " trusted (self-signed, or its issuer is unknown). Use -k/--insecure to skip the check,"
                            + " or add its issuer to Java's trust store\n");
            assertThat(checked.out()).isEmpty();
            assertThat(tls.requests()).isZero();

            Path json = dir.resolve("insecure.json");
            Gale.Result insecure = Gale.run("run", "-n", "50", "-c", "2", "--insecure", "--json", json.toString(), url);

            assertThat(insecure.exitCode()).as(insecure.toString()).isZero();
            Stats ok = JsonReport.read(json).total();
            assertThat(ok.responses()).isEqualTo(50);
            assertThat(ok.errors()).isZero();
            assertThat(tls.requests()).isEqualTo(50);
        }
    }
}
