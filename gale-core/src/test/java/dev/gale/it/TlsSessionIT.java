package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gale resumes TLS sessions: against nginx (OpenSSL, a TLS implementation gale had no part in, with its default
 * session settings), a run that opens a new connection for every request makes one full handshake, and every
 * later connection resumes that session, which costs neither a certificate check nor, with TLS 1.2, a key
 * exchange. With TLS 1.2 and with TLS 1.3 (session tickets), and with either TLS implementation, which offer the
 * server the same key exchange groups.
 */
@Timeout(60)
@DisabledIfSystemProperty(named = Nginx.SKIP_PROPERTY, matches = "skip", disabledReason = "-Dgale.it.nginx=skip")
class TlsSessionIT {
    private static Nginx nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = Nginx.startWithTls();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @AfterEach
    void forgetTheProvider() {
        System.clearProperty("gale.ssl");
    }

    @ParameterizedTest(name = "-Dgale.ssl={0}, {1}")
    @CsvSource({"openssl, TLSv1.2", "openssl, TLSv1.3", "jdk, TLSv1.2", "jdk, TLSv1.3"})
    void everyConnectionAfterTheFirstResumesItsSession(String provider, String protocol) throws Exception {
        System.setProperty("gale.ssl", provider);
        String url = nginx.httpsUrl(protocol);
        int port = URI.create(url).getPort();
        int before = nginx.handshakes().size();
        // One user on one loop: the first connection has no session to resume yet, and no other connection
        // starts before its handshake has ended.
        RunResult r = Runs.run(Plans.url(url + "/hello")
                .closed(1)
                .threads(1)
                .requests(30)
                .settings(c -> c.withKeepAlive(false).withInsecure(true))
                .build());

        Stats s = r.total();
        assertThat(s.status(200)).isEqualTo(30);
        assertThat(s.errors()).isZero();
        assertThat(r.targets().get(0).connects()).as("a connection per request").isEqualTo(30);
        List<Nginx.Handshake> handshakes = nginx.handshakesAfter(before, 30);
        assertThat(handshakes).hasSize(30).allSatisfy(h -> {
            assertThat(h.port()).isEqualTo(port);
            assertThat(h.protocol()).isEqualTo(protocol);
        });
        assertThat(handshakes.get(0).resumed())
                .as("the first handshake is a full one")
                .isFalse();
        assertThat(handshakes.subList(1, 30))
                .as("every later connection resumes the session")
                .allSatisfy(h -> assertThat(h.resumed()).isTrue());
    }

    @ParameterizedTest(name = "-Dgale.ssl={0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void eitherProviderOffersTheJdksKeyExchangeGroupsInItsOrder(String provider) throws Exception {
        // BoringSSL's post-quantum hybrid group would cost each connection a key pair that this server, and the
        // JDK's TLS, do not know: see TlsProvider.
        System.setProperty("gale.ssl", provider);
        int before = nginx.handshakes().size();
        RunResult r = Runs.run(Plans.url(nginx.httpsUrl("TLSv1.3") + "/hello")
                .closed(1)
                .requests(1)
                .settings(c -> c.withInsecure(true))
                .build());

        assertThat(r.total().status(200)).isEqualTo(1);
        List<Nginx.Handshake> handshakes = nginx.handshakesAfter(before, 1);
        assertThat(handshakes)
                .singleElement()
                .satisfies(h -> assertThat(h.groups())
                        .startsWith("X25519:prime256v1:secp384r1:secp521r1")
                        .doesNotContain("0x11ec"));
    }
}
