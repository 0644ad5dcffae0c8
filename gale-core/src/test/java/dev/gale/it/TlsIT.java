package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.ErrorKind;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * https targets: a certificate nobody vouches for fails every request as {@code tls} (and never reaches the
 * server), unless certificate checks are turned off ({@code --insecure}).
 */
@Timeout(60)
class TlsIT {
    private static TlsServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TlsServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void anUntrustedCertificateFailsEveryRequestAsTls() throws Exception {
        long before = server.requests();
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/").closed(2).duration(Duration.ofMillis(500))
                .settings(c -> c.withCooldown(Duration.ofMillis(100))).build());

        Stats s = r.total();
        assertThat(s.scheduled()).isPositive();
        assertThat(s.errors(ErrorKind.TLS)).isEqualTo(s.scheduled());
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.TLS);
        assertThat(s.sent()).isZero();
        assertThat(r.targets().get(0).connects()).isZero();
        assertThat(r.targets().get(0).connectFailures()).isPositive();
        Runs.assertAccounted(s);
        assertThat(server.requests()).as("no request got past the handshake").isEqualTo(before);
    }

    @Test
    void insecureSkipsTheCertificateChecksAndEveryRequestSucceeds() throws Exception {
        long before = server.requests();
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/").closed(4).requests(2_000)
                .settings(c -> c.withInsecure(true)).build());

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(2_000);
        assertThat(s.status(200)).isEqualTo(2_000);
        assertThat(s.errors()).isZero();
        assertThat(server.requests() - before).isEqualTo(2_000);
        assertThat(r.targets().get(0).connects()).as("one TLS session per user, kept alive").isEqualTo(4);
    }
}
