package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gale.engine.Run;
import dev.gale.engine.UnreachableTargetException;
import dev.gale.record.ErrorKind;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.report.JsonReport;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * https targets: a certificate nobody vouches for fails every request as {@code tls} (and never reaches the
 * server), unless certificate checks are turned off ({@code --insecure}); the pre-flight check reports it
 * before any load is sent. Each test runs with either TLS implementation ({@code -Dgale.ssl}): BoringSSL, the
 * default, and the JDK's; both must say the same.
 */
@Timeout(60)
@ParameterizedClass(name = "-Dgale.ssl={0}")
@ValueSource(strings = {"openssl", "jdk"})
class TlsIT {
    private static final String UNTRUSTED =
            "the server's certificate is not trusted (self-signed, or its issuer is unknown)";
    private static final String REMEDY = "-k/--insecure to skip the check, or add its issuer to Java's trust store";
    private static TlsServer server;

    @Parameter
    String provider;

    @BeforeAll
    static void startServer() throws Exception {
        server = TlsServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void chooseTheProvider() {
        System.setProperty("gale.ssl", provider);
    }

    @AfterEach
    void forgetTheProvider() {
        System.clearProperty("gale.ssl");
    }

    @Test
    void anUntrustedCertificateFailsEveryRequestAsTls() throws Exception {
        long before = server.requests();
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .closed(2)
                .duration(Duration.ofMillis(500))
                .settings(c -> c.withCooldown(Duration.ofMillis(100)))
                .build());

        Stats s = r.total();
        assertThat(s.scheduled()).isPositive();
        assertThat(s.errors(ErrorKind.TLS)).isEqualTo(s.scheduled());
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.TLS);
        assertThat(s.sent()).isZero();
        assertThat(r.targets().get(0).connects()).isZero();
        assertThat(r.targets().get(0).connectFailures()).isPositive();
        Runs.assertAccounted(s);
        assertThat(server.requests()).as("no request got past the handshake").isEqualTo(before);
        assertThat(r.firstErrors().get(0).get(ErrorKind.TLS))
                .as("why the handshake failed, and what to do, not the JDK's PKIX path")
                .isEqualTo(UNTRUSTED + ": use " + REMEDY);
    }

    @Test
    void insecureSkipsTheCertificateChecksAndEveryRequestSucceeds() throws Exception {
        long before = server.requests();
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .closed(4)
                .requests(2_000)
                .settings(c -> c.withInsecure(true))
                .build());

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(2_000);
        assertThat(s.status(200)).isEqualTo(2_000);
        assertThat(s.errors()).isZero();
        assertThat(server.requests() - before).isEqualTo(2_000);
        assertThat(r.targets().get(0).connects())
                .as("one TLS session per user, kept alive")
                .isEqualTo(4);
        // The result names the TLS implementation, as the reports show it beside the transport.
        String tls = provider.equals("jdk") ? "JDK" : "BoringSSL";
        assertThat(r.generator().tls()).isEqualTo(tls);
        assertThat(r.generator().io()).isEqualTo(r.generator().transport() + ", TLS by " + tls);
        assertThat(JsonReport.fromJson(JsonReport.toJson(r), "the result").generator())
                .isEqualTo(r.generator());
    }

    @Test
    void largeBodiesOverTlsCountTheirBytesSent() throws Exception {
        // A body over 64 KB counts its bytes as the socket takes them; TLS reports no write progress, and
        // 'wrote 0B' was all an https upload showed.
        int size = 200 * 1024;
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/upload")
                .post(new byte[size])
                .closed(1)
                .requests(5)
                .settings(c -> c.withInsecure(true))
                .build());

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(5);
        assertThat(s.bytesSent()).isGreaterThan(5L * size).isLessThan(5L * (size + 1024));
    }

    @Test
    void thePreflightCheckRejectsAnUntrustedCertificateAndSaysHowToSkipTheCheck() throws Exception {
        long before = server.requests();
        assertThatThrownBy(() ->
                        Run.checkReachable(Plans.url(server.baseUrl() + "/").build()))
                .isInstanceOf(UnreachableTargetException.class)
                .as("the words of the run's summary")
                .hasMessage("cannot connect to " + server.baseUrl() + ": " + UNTRUSTED + ". Use " + REMEDY);
        assertThatCode(() -> Run.checkReachable(Plans.url(server.baseUrl() + "/")
                        .settings(c -> c.withInsecure(true))
                        .build()))
                .doesNotThrowAnyException();
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void thePreflightCheckRejectsAPlainHttpServerGivenAnHttpsUrlAndSaysToUseHttp() throws Exception {
        try (GaleServer plain = GaleServer.start(ServeOptions.defaults())) {
            String url = "https://127.0.0.1:" + plain.port() + "/";
            for (boolean insecure : new boolean[] {false, true}) {
                assertThatThrownBy(() -> Run.checkReachable(Plans.url(url)
                                .settings(c -> c.withInsecure(insecure))
                                .build()))
                        .isInstanceOf(UnreachableTargetException.class)
                        .hasMessage("cannot connect to https://127.0.0.1:" + plain.port() + " (it answered in plain"
                                + " HTTP, not TLS). Use http://127.0.0.1:" + plain.port() + " for this port");
            }
        }
    }

    @Test
    void aServerThatClosesTheConnectionOnTheHandshakeIsSaidToHaveDoneSoInTheRunAsInThePreflight() throws Exception {
        // Reads what comes and closes: as a server that speaks neither TLS nor HTTP on the port does.
        try (java.net.ServerSocket closing =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Ends when the try closes the socket.
            Thread.ofVirtual().start(() -> {
                while (!closing.isClosed()) {
                    try (java.net.Socket s = closing.accept()) {
                        s.getInputStream().read(new byte[4096]);
                    } catch (java.io.IOException e) {
                        // closed: the test is over
                    }
                }
            });
            String url = "https://127.0.0.1:" + closing.getLocalPort() + "/";
            String said = "the server closed the connection during the TLS handshake";
            assertThatThrownBy(() -> Run.checkReachable(Plans.url(url).build()))
                    .isInstanceOf(UnreachableTargetException.class)
                    .hasMessage("cannot connect to https://127.0.0.1:" + closing.getLocalPort() + ": " + said
                            + ". Does it speak TLS on this port?");
            RunResult r = Runs.run(Plans.url(url)
                    .closed(1)
                    .duration(Duration.ofMillis(300))
                    .settings(c -> c.withCooldown(Duration.ofMillis(100)))
                    .build());
            assertThat(r.total().errorCounts()).containsOnlyKeys(ErrorKind.TLS);
            assertThat(r.firstErrors().get(0).get(ErrorKind.TLS)).isEqualTo(said + ": does it speak TLS on this port?");
        }
    }

    @Test
    void aHandshakeThatTimesOutIsAConnectTimeoutWhoseWaitIsInTheResponseTimes() throws Exception {
        // Accepts (the kernel does, into a backlog longer than the connections gale opens) and never answers the
        // handshake.
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 1000, java.net.InetAddress.getLoopbackAddress())) {
            RunResult r = Runs.run(Plans.url("https://127.0.0.1:" + silent.getLocalPort() + "/")
                    .open(20)
                    .duration(Duration.ofMillis(500))
                    // No cool-down: each request waits for a handshake of its own, not failing at once in one.
                    .settings(c -> c.withConnectTimeout(Duration.ofMillis(300)).withCooldown(Duration.ZERO))
                    .build());

            Stats s = r.total();
            assertThat(s.errorCounts())
                    .as("--connect-timeout covers the handshake: the same kind as a TCP connect's")
                    .containsOnlyKeys(ErrorKind.CONNECT_TIMEOUT);
            assertThat(s.responseTime().getTotalCount())
                    .as("the requests that waited for the handshake have that wait in the response times")
                    .isPositive();
            assertThat(r.firstErrors().get(0).get(ErrorKind.CONNECT_TIMEOUT))
                    .isEqualTo("the TLS handshake timed out after 300ms: does the server speak TLS on this port?");
            Runs.assertAccounted(s);
        }
    }

    @Test
    void handshakesGaleGivesUpAtTheEndAreNoConnectFailure() throws Exception {
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.gale.engine.RunListener watch = new dev.gale.engine.RunListener() {
            @Override
            public void onConnectFailure(dev.gale.plan.Target t, ErrorKind kind, String detail) {
                failures.add(kind.key() + ": " + detail);
            }
        };
        // The connections opened before the start reach the server; those opened after never finish their
        // handshakes. Without keep-alive each request needs a new connection: the requests after the first few
        // give up waiting (acquire timeout), the run ends, and gale closes the connections still handshaking.
        try (java.net.ServerSocket front =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            int passed = 4;
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; ; i++) {
                        java.net.Socket client = front.accept();
                        if (i >= passed) {
                            held.add(client);
                            continue;
                        }
                        java.net.Socket back = new java.net.Socket(
                                "127.0.0.1",
                                java.net.URI.create(server.baseUrl()).getPort());
                        Thread.ofVirtual().start(() -> copy(client, back));
                        Thread.ofVirtual().start(() -> copy(back, client));
                    }
                } catch (java.io.IOException e) {
                    // closed: the test is over
                }
            });
            RunResult r = Runs.run(
                    Plans.url("https://127.0.0.1:" + front.getLocalPort() + "/")
                            .open(20)
                            .duration(Duration.ofMillis(500))
                            .threads(1)
                            .maxConnections(passed)
                            .settings(c -> c.withInsecure(true)
                                    .withKeepAlive(false)
                                    .withConnectTimeout(Duration.ofSeconds(20))
                                    .withAcquireTimeout(Duration.ofMillis(300)))
                            .build(),
                    watch);

            assertThat(r.total().responses()).isEqualTo(passed);
            assertThat(r.total().errorCounts()).containsOnlyKeys(ErrorKind.ACQUIRE_TIMEOUT);
            assertThat(held).as("handshakes still going at the end").isNotEmpty();
            assertThat(failures).as("gale closed them: the server did not fail").isEmpty();
            assertThat(r.firstErrors().get(0)).isEmpty();
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    /** Copies what {@code from} reads to {@code to} until either closes. */
    private static void copy(java.net.Socket from, java.net.Socket to) {
        try (from;
                to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (java.io.IOException e) {
            // one side closed
        }
    }

    @Test
    void thePreflightCheckNamesAServerThatNeverAnswersTheHandshake() throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "https://127.0.0.1:" + silent.getLocalPort() + "/";
            assertThatThrownBy(() -> Run.checkReachable(Plans.url(url)
                            .settings(c -> c.withConnectTimeout(java.time.Duration.ofMillis(300)))
                            .build()))
                    .isInstanceOf(UnreachableTargetException.class)
                    .hasMessage("cannot connect to https://127.0.0.1:" + silent.getLocalPort() + ": the TLS handshake"
                            + " timed out after 300ms. Does the server speak TLS on this port?");
        }
    }
}
