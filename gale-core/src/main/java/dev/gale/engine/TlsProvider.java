package dev.gale.engine;

import dev.gale.plan.Target;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The TLS implementation of https connections: BoringSSL through netty-tcnative where its native library
 * loads (the jar carries the one for Linux x86_64), the JDK's elsewhere. {@code -Dgale.ssl=jdk} asks for the
 * JDK's, {@code -Dgale.ssl=openssl} for BoringSSL (an error where it does not load).
 *
 * <p>Both check the server's certificate with the JDK's trust manager (the JDK's trusted certificates, or
 * {@code -Djavax.net.ssl.trustStore}) and its host name, unless the target is insecure, so they accept and refuse
 * the same servers and say why in the trust manager's words. Both resume TLS sessions on later connections to
 * the target, and offer the same key exchange groups. BoringSSL does the handshakes and the records in native
 * code, where the JDK's TLS costs a new connection several times the CPU, and its JIT compilation more at the
 * start of a run: measured numbers are in the commit that made BoringSSL the default.
 */
enum TlsProvider {
    OPENSSL,
    JDK;

    /**
     * The name reports give the TLS implementation of {@code context}'s connections: {@code BoringSSL} (as
     * netty-tcnative names its library) or {@code JDK}.
     */
    static String label(SslContext context) {
        return context instanceof ReferenceCountedOpenSslContext ? OpenSsl.versionString() : "JDK";
    }

    /** The system property that chooses: {@code openssl} or {@code jdk}. */
    static final String PROPERTY = "gale.ssl";

    /** The JDK's system property of the key exchange groups a client offers, in order; netty-tcnative reads it too. */
    static final String GROUPS_PROPERTY = "jdk.tls.namedGroups";

    /**
     * The groups BoringSSL offers unless {@code -Djdk.tls.namedGroups} says otherwise: the JDK's, in its order,
     * less the finite-field ones BoringSSL lacks. Netty's default puts the post-quantum hybrid X25519MLKEM768
     * first, whose key share (an ML-KEM-768 key pair and a second X25519 one, 1.2 KB) costs each new
     * connection about 0.1 ms of CPU, a third of all it costs, even against a server that does not know the
     * group. The JDK's TLS offers no such group (JDK 25), nor did gale before it used BoringSSL.
     */
    private static final String[] CLASSIC_GROUPS = {"x25519", "secp256r1", "secp384r1", "secp521r1"};

    /** The provider {@code -Dgale.ssl} asks for; without it BoringSSL where it loads, the JDK's elsewhere. */
    static TlsProvider chosen() throws SSLException {
        return chosen(System.getProperty(PROPERTY));
    }

    /**
     * The provider {@code property}, the value of {@code -Dgale.ssl}, asks for; null chooses the best.
     *
     * @throws SSLException for a value that names no provider, or {@code openssl} where it does not load
     */
    static TlsProvider chosen(String property) throws SSLException {
        if (property == null) {
            return OpenSsl.isAvailable() ? OPENSSL : JDK;
        }
        return switch (property) {
            case "jdk" -> JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new SSLException("-D" + PROPERTY + "=openssl, but BoringSSL (netty-tcnative) does not load"
                            + " here (" + OpenSsl.unavailabilityCause() + "). Leave out -D" + PROPERTY
                            + " to use the JDK's TLS");
                }
                yield OPENSSL;
            }
            default -> throw new SSLException("-D" + PROPERTY + " must be openssl or jdk (got '" + property + "')");
        };
    }

    /**
     * A client context for {@code target}'s connections, which checks certificates and host names unless the
     * target is insecure. BoringSSL's is reference-counted, like each engine it makes ({@code SslHandler}
     * releases those as their connection closes): the caller releases the context once it has opened its last
     * connection ({@code ReferenceCountUtil.release}, which the JDK's ignores).
     */
    SslContext clientContext(Target target) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient()
                // The reference-counted engines free their native memory as their connection closes, not when a
                // garbage collection runs their finalizer.
                .sslProvider(this == OPENSSL ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK);
        if (this == OPENSSL && System.getProperty(GROUPS_PROPERTY) == null) {
            b.option(OpenSslContextOption.GROUPS, CLASSIC_GROUPS.clone());
        }
        if (target.connections().insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        return b.build();
    }
}
