package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Target;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which TLS implementation https connections get, and that either one checks certificates and host names
 * unless the target is insecure. The handshakes themselves are in {@code TlsIT}.
 */
class TlsProviderTest {
    private static final Target CHECKED = new Target("t", "https", "127.0.0.1", 8443, ConnectionSettings.defaults());
    private static final Target INSECURE = new Target(
            "t", "https", "127.0.0.1", 8443, ConnectionSettings.defaults().withInsecure(true));

    @Test
    void boringSslIsTheDefaultOnLinuxX8664WhoseLibraryTheJarCarries() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch").equals("amd64"));
        assertThat(OpenSsl.isAvailable())
                .as("netty-tcnative-boringssl-static loads: %s", OpenSsl.unavailabilityCause())
                .isTrue();
        assertThat(TlsProvider.chosen(null)).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.chosen("openssl")).isEqualTo(TlsProvider.OPENSSL);
        assertThat(engineOf(TlsProvider.OPENSSL, CHECKED)).isInstanceOf(ReferenceCountedOpenSslEngine.class);
    }

    @Test
    void theJdksIsChosenWhenAskedFor() throws Exception {
        assertThat(TlsProvider.chosen("jdk")).isEqualTo(TlsProvider.JDK);
        assertThat(engineOf(TlsProvider.JDK, CHECKED)).isNotInstanceOf(ReferenceCountedOpenSslEngine.class);
    }

    @Test
    void anUnknownChoiceNamesTheValuesThatAreKnown() {
        assertThatThrownBy(() -> TlsProvider.chosen("boringssl"))
                .isInstanceOf(SSLException.class)
                .hasMessage("-Dgale.ssl must be openssl or jdk (got 'boringssl')");
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void certificatesAndHostNamesAreCheckedUnlessTheTargetIsInsecure(TlsProvider provider) throws Exception {
        assumeTrue(provider == TlsProvider.JDK || OpenSsl.isAvailable());
        assertThat(engineOf(provider, CHECKED).getSSLParameters().getEndpointIdentificationAlgorithm())
                .isEqualTo("HTTPS");
        assertThat(engineOf(provider, INSECURE).getSSLParameters().getEndpointIdentificationAlgorithm())
                .isNull();
    }

    /** An engine of {@code provider}'s client context for {@code target}, as a connection to it gets one. */
    private static SSLEngine engineOf(TlsProvider provider, Target target) throws SSLException {
        SslContext context = provider.clientContext(target);
        try {
            SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, target.host(), target.port());
            ReferenceCountUtil.release(engine);
            return engine;
        } finally {
            ReferenceCountUtil.release(context);
        }
    }
}
