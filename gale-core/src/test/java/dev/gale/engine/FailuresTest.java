package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void classifiesConnectFailures() {
        // What Netty's NIO and epoll transports and the JDK's Socket throw.
        assertThat(Failures.ofConnect(new ConnectException("Connection refused: /127.0.0.1:1")))
                .isEqualTo(ErrorKind.CONNECT_REFUSED);
        assertThat(Failures.ofConnect(
                        new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.1:1")))
                .isEqualTo(ErrorKind.CONNECT_REFUSED);
        assertThat(Failures.ofConnect(new ConnectException())).isEqualTo(ErrorKind.CONNECT_REFUSED);
        // EADDRNOTAVAIL is this client's: no local port free. It was counted as the server refusing.
        ConnectException noPort =
                new ConnectException("connect(..) failed with error(-99): Cannot assign requested address");
        assertThat(Failures.ofConnect(noPort)).isEqualTo(ErrorKind.OTHER);
        assertThat(Failures.describe(noPort))
                .isEqualTo("cannot assign requested address: this machine has no local port free for a new"
                        + " connection (too many recently closed ones in TIME_WAIT?); keep-alive, or fewer new"
                        + " connections a second, avoids it");
        // Netty's native transport names its system call first: the reason alone is said.
        assertThat(Failures.describe(
                        new ConnectException("finishConnect(..) failed with error(-104): Connection reset by peer")))
                .isEqualTo("Connection reset by peer");
        assertThat(Failures.describe(new ConnectException("connect(..) failed: Connection refused")))
                .isEqualTo("Connection refused");
        // The same reset while a TLS handshake writes its first record.
        assertThat(Failures.ofHandshakeFailure(new javax.net.ssl.SSLException(
                        "failure when writing TLS control frames",
                        new java.io.IOException("writevAddresses(..) failed: Connection reset by peer"))))
                .isEqualTo(ErrorKind.RESET);
        assertThat(Failures.ofHandshakeFailure(new javax.net.ssl.SSLHandshakeException("bad certificate")))
                .isEqualTo(ErrorKind.TLS);
        // A server that accepts and resets at once: it refused nothing, its reset reached the connect.
        assertThat(Failures.ofConnect(
                        new ConnectException("finishConnect(..) failed with error(-104): Connection reset by peer")))
                .isEqualTo(ErrorKind.RESET);
        assertThat(Failures.ofConnect(new ConnectTimeoutException("connection timed out after 1000 ms: /10.0.0.1:80")))
                .isEqualTo(ErrorKind.CONNECT_TIMEOUT);
        assertThat(Failures.ofConnect(new SocketTimeoutException("Connect timed out")))
                .isEqualTo(ErrorKind.CONNECT_TIMEOUT);
        assertThat(Failures.ofConnect(new ConnectException("Connection timed out")))
                .isEqualTo(ErrorKind.CONNECT_TIMEOUT);
        assertThat(Failures.ofConnect(new UnknownHostException("no.such.host"))).isEqualTo(ErrorKind.UNREACHABLE);
        assertThat(Failures.ofConnect(new NoRouteToHostException("No route to host")))
                .isEqualTo(ErrorKind.UNREACHABLE);
        assertThat(Failures.ofConnect(new PortUnreachableException())).isEqualTo(ErrorKind.UNREACHABLE);
        assertThat(Failures.ofConnect(new ConnectException("Network is unreachable")))
                .isEqualTo(ErrorKind.UNREACHABLE);
        assertThat(Failures.ofConnect(new ConnectException("connect(..) failed: No route to host")))
                .isEqualTo(ErrorKind.UNREACHABLE);
        assertThat(Failures.ofConnect(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo(ErrorKind.TLS);
        assertThat(Failures.ofConnect(new IOException("something else"))).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void classifiesConnectFailuresByTheirRootCause() {
        assertThat(Failures.ofConnect(new IOException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo(ErrorKind.CONNECT_REFUSED);
        assertThat(Failures.ofConnect(new RuntimeException(new UnknownHostException("x"))))
                .isEqualTo(ErrorKind.UNREACHABLE);
        // An SSL exception is the answer even when it has a cause of its own.
        assertThat(Failures.ofConnect(
                        new DecoderException(new SSLHandshakeException("handshake failed", new IOException("EOF")))))
                .isEqualTo(ErrorKind.TLS);
    }

    @Test
    void classifiesFailuresOnAnEstablishedConnection() {
        assertThat(Failures.ofConnection(new IOException("Connection reset by peer")))
                .isEqualTo(ErrorKind.RESET);
        assertThat(Failures.ofConnection(new SocketException("Connection reset")))
                .isEqualTo(ErrorKind.RESET);
        assertThat(Failures.ofConnection(new IOException("recvAddress(..) failed: Connection reset by peer")))
                .isEqualTo(ErrorKind.RESET);
        assertThat(Failures.ofConnection(new IOException("writevAddresses(..) failed: Broken pipe")))
                .isEqualTo(ErrorKind.CLOSED);
        assertThat(Failures.ofConnection(new ClosedChannelException())).isEqualTo(ErrorKind.CLOSED);
        assertThat(Failures.ofConnection(new IOException("An existing connection was forcibly closed")))
                .isEqualTo(ErrorKind.RESET);
        assertThat(Failures.ofConnection(new SSLHandshakeException("bad record")))
                .isEqualTo(ErrorKind.TLS);
        assertThat(Failures.ofConnection(new NotSslRecordException("not an SSL/TLS record")))
                .isEqualTo(ErrorKind.TLS);
        assertThat(Failures.ofConnection(new DecoderException(new SSLHandshakeException("bad certificate"))))
                .isEqualTo(ErrorKind.TLS);
        assertThat(Failures.ofConnection(new DecoderException("bad frame"))).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(Failures.ofConnection(new IllegalStateException("bug"))).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void aDecoderFailureIsAProtocolErrorWhateverItsCause() {
        // Netty wraps whatever a decoder throws in a DecoderException: the wrapper says what kind it is.
        assertThat(Failures.ofConnection(new DecoderException(new IllegalArgumentException("invalid version"))))
                .isEqualTo(ErrorKind.PROTOCOL);
        assertThat(Failures.ofConnection(new DecoderException("frame too long", new IndexOutOfBoundsException())))
                .isEqualTo(ErrorKind.PROTOCOL);
    }

    @Test
    void runningOutOfFilesSaysWhichLimitAndWhatToDo() {
        // As Netty's native transport reports EMFILE from socket(2).
        IOException emfile = new IOException("newSocketStream(..) failed with error(-24): Too many open files");
        assertThat(Failures.describe(new IOException("connect", emfile)))
                .isEqualTo("too many open files: this process reached its open-files limit (ulimit -n); lower the"
                        + " connections or raise the limit");
    }

    @Test
    void runningOutOfDirectMemoryIsThisClientsFailureAndSaysWhichLimitAndWhatToDo() {
        // As the JDK refuses a direct buffer past -XX:MaxDirectMemorySize, and as Netty does when it counts them (its
        // OutOfDirectMemoryError, an OutOfMemoryError).
        for (OutOfMemoryError e : List.of(
                new OutOfMemoryError("Cannot reserve 524288 bytes of direct buffer memory (allocated: 1, limit: 2)"),
                new OutOfMemoryError(
                        "failed to allocate 8388675 byte(s) of direct memory (used: 25264329, max: 33554432)"))) {
            assertThat(Failures.ofConnect(e)).isEqualTo(ErrorKind.OTHER);
            assertThat(Failures.ofConnection(e)).isEqualTo(ErrorKind.OTHER);
            String limit = DirectMemory.size(DirectMemory.limitBytes());
            assertThat(Failures.describe(e))
                    .startsWith("out of direct memory (this JVM's limit is " + limit + "): use fewer connections or a"
                            + " larger limit (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize=")
                    .endsWith("m)");
        }
        // The heap running out is not the direct memory.
        assertThat(Failures.describe(new OutOfMemoryError("Java heap space"))).isEqualTo("Java heap space");
    }

    @Test
    void describesTheRootCause() {
        assertThat(Failures.describe(new IOException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused");
        assertThat(Failures.describe(new ClosedChannelException())).isEqualTo("ClosedChannelException");
    }

    // TLS handshake failures as the JDK's client reports them: the exception chains below are those of JDK 25 (the
    // JDK's own ValidatorException and SunCertPathBuilderException in between are internal: a message stands in).

    @Test
    void anUntrustedCertificateIsSaidToBeUntrustedWithWhatToDo() {
        String pkix = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable"
                + " to find valid certification path to requested target";
        Throwable untrusted = new SSLHandshakeException("(certificate_unknown) " + pkix);
        untrusted.initCause(new CertificateException(
                pkix, new CertPathBuilderException("unable to find valid certification path to requested target")));
        assertThat(Failures.describe(untrusted))
                .isEqualTo("the server's certificate is not trusted (self-signed, or its issuer is unknown): use"
                        + " -k/--insecure to skip the check, or add its issuer to Java's trust store");
        // Found by the message alone, too.
        assertThat(Failures.describe(new DecoderException(new SSLHandshakeException("(certificate_unknown) " + pkix))))
                .startsWith("the server's certificate is not trusted");
    }

    @Test
    void aCertificateForAnotherHostNamesTheHost() {
        Throwable mismatch = new SSLHandshakeException(
                "(certificate_unknown) No subject alternative names matching IP address" + " 127.0.0.1 found");
        mismatch.initCause(
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
        assertThat(Failures.describe(mismatch))
                .isEqualTo("the server's certificate is not issued for this host (no subject alternative names"
                        + " matching IP address 127.0.0.1 found): use a host name it is issued for, or -k/--insecure"
                        + " to skip the check");
        // A certificate without alternative names at all (openssl req -subj /CN=localhost), reached by IP address.
        assertThat(Failures.describe(
                        new SSLHandshakeException("(certificate_unknown) No subject alternative names present")))
                .isEqualTo("the server's certificate is not issued for this host (no subject alternative names"
                        + " present): use a host name it is issued for, or -k/--insecure to skip the check");
        Throwable byName = new SSLHandshakeException("(certificate_unknown) No name matching example.test found");
        byName.initCause(new CertificateException("No name matching example.test found"));
        assertThat(Failures.describe(byName))
                .startsWith("the server's certificate is not issued for this host (no name matching example.test");
    }

    @Test
    void anExpiredCertificateIsSaidToHaveExpired() {
        String validity = "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check"
                + " failed";
        Throwable expired = new SSLHandshakeException("(certificate_expired) " + validity);
        expired.initCause(new CertificateException(
                validity,
                new CertPathValidatorException(
                        "validity check failed",
                        new CertificateExpiredException("NotAfter: Thu Nov 26 00:59:02 UTC 2026"),
                        null,
                        -1,
                        CertPathValidatorException.BasicReason.EXPIRED)));
        assertThat(Failures.describe(expired))
                .isEqualTo("the server's certificate has expired (NotAfter: Thu Nov 26 00:59:02 UTC 2026): renew it,"
                        + " or use -k/--insecure to skip the check");
        Throwable early = new SSLHandshakeException("(certificate_unknown) " + validity);
        early.initCause(new CertificateNotYetValidException("NotBefore: Sat Nov 28 00:59:02 UTC 2026"));
        assertThat(Failures.describe(early))
                .isEqualTo("the server's certificate is not valid yet (NotBefore: Sat Nov 28 00:59:02 UTC 2026):"
                        + " check the clocks, or use -k/--insecure to skip the check");
    }

    @Test
    void aServerThatRefusesTheHandshakeIsSaidToWithTheLikelyReasons() {
        assertThat(Failures.describe(
                        new SSLHandshakeException("(protocol_version) Received fatal alert: protocol_version")))
                .isEqualTo("the server accepts none of the TLS versions gale offers (1.2 and 1.3): it may speak only"
                        + " TLS 1.0 or 1.1, which Java disables");
        assertThat(Failures.describe(new SSLHandshakeException(
                        "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)")))
                .startsWith("the server accepts none of the TLS versions gale offers");
        assertThat(Failures.describe(
                        new SSLHandshakeException("(handshake_failure) Received fatal alert: handshake_failure")))
                .isEqualTo("the server refused the TLS handshake (handshake_failure): it has no cipher suite in common"
                        + " with gale, or wants a client certificate");
        assertThat(Failures.describe(
                        new SSLHandshakeException("(certificate_required) Received fatal alert: certificate_required")))
                .isEqualTo("the server wants a client certificate, which gale does not send");
    }

    @Test
    void aServerThatDoesNotSpeakTlsIsSaidTo() {
        // Netty quotes the record in hex: 485454502f31 is "HTTP/1".
        assertThat(Failures.describe(new DecoderException(
                        new NotSslRecordException("not an SSL/TLS record: 485454502f312e3120343030"))))
                .isEqualTo("the server answered in plain HTTP, not TLS: use http:// for this port");
        assertThat(Failures.describe(new NotSslRecordException("not an SSL/TLS record: 0000")))
                .isEqualTo("the server did not answer in TLS: does it speak TLS on this port?");
        assertThat(Failures.describe(new SslHandshakeTimeoutException("handshake timed out after 1000ms")))
                .isEqualTo("the TLS handshake timed out after 1000ms: does the server speak TLS on this port?");
    }

    @Test
    void aHandshakeTheServerEndedByClosingTheConnectionIsSaidToBeOne() {
        // Netty fails such a handshake with a ClosedChannelException (a message-less StacklessClosedChannelException),
        // which says nothing of TLS.
        Throwable closed =
                new javax.net.ssl.SSLException("handshake failed", new java.nio.channels.ClosedChannelException());
        assertThat(Failures.describe(Failures.ofHandshake(closed)))
                .isEqualTo("the server closed the connection during the TLS handshake: does it speak TLS on this"
                        + " port?");
        assertThat(Failures.describe(Failures.ofHandshake(new java.nio.channels.ClosedChannelException())))
                .isEqualTo("the server closed the connection during the TLS handshake: does it speak TLS on this"
                        + " port?");
        // Any other failure of the handshake reads as it did.
        NotSslRecordException notTls = new NotSslRecordException("not an SSL/TLS record: 0000");
        assertThat(Failures.ofHandshake(notTls)).isSameAs(notTls);
        // A connection closed outside a handshake is not said to be one.
        assertThat(Failures.tls(new java.nio.channels.ClosedChannelException())).isNull();
    }

    // The same failures as BoringSSL's client reports them (netty-tcnative 2.0.84): its engine says "General
    // OpenSslEngine problem" of a certificate the trust manager refused, with the trust manager's exception as its
    // cause, and names a TLS alert in OpenSSL's error format.

    @Test
    void boringSslsCertificateFailuresAreSaidAsTheJdksAre() {
        String pkix = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable"
                + " to find valid certification path to requested target";
        Throwable untrusted = new SSLHandshakeException("General OpenSslEngine problem");
        untrusted.initCause(new CertificateException(
                pkix, new CertPathBuilderException("unable to find valid certification path to requested target")));
        assertThat(Failures.describe(untrusted))
                .isEqualTo("the server's certificate is not trusted (self-signed, or its issuer is unknown): use"
                        + " -k/--insecure to skip the check, or add its issuer to Java's trust store");

        // Netty wraps the JDK's exception in one that lists the names the certificate has; the JDK's words stand.
        Throwable mismatch = new SSLHandshakeException("General OpenSslEngine problem");
        mismatch.initCause(new CertificateException(
                "No subject alternative names matching IP address 127.0.0.1 found for SNIHostName=null and"
                        + " peerHost=127.0.0.1 in the chain of 1 certificate(s): 1."
                        + " subjectAlternativeNames=[DNS:example.test], CN=example.test.",
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found")));
        assertThat(Failures.describe(mismatch))
                .isEqualTo("the server's certificate is not issued for this host (no subject alternative names"
                        + " matching IP address 127.0.0.1 found): use a host name it is issued for, or -k/--insecure"
                        + " to skip the check");

        String validity = "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check"
                + " failed";
        Throwable expired = new SSLHandshakeException("General OpenSslEngine problem");
        expired.initCause(new CertificateException(
                validity,
                new CertPathValidatorException(
                        "validity check failed",
                        new CertificateExpiredException("NotAfter: Thu Nov 26 01:21:10 UTC 2026"),
                        null,
                        -1,
                        CertPathValidatorException.BasicReason.EXPIRED)));
        assertThat(Failures.describe(expired))
                .isEqualTo("the server's certificate has expired (NotAfter: Thu Nov 26 01:21:10 UTC 2026): renew it,"
                        + " or use -k/--insecure to skip the check");
    }

    @Test
    void aCertificateRefusedForAReasonGaleDoesNotKnowIsSaidInTheTrustManagersWords() {
        Throwable revoked = new SSLHandshakeException("General OpenSslEngine problem");
        revoked.initCause(new CertificateException("Certificate has been revoked, reason: KEY_COMPROMISE"));
        assertThat(Failures.describe(revoked)).isEqualTo("Certificate has been revoked, reason: KEY_COMPROMISE");
    }

    @Test
    void boringSslsAlertsAreSaidAsTheJdksAre() {
        assertThat(Failures.describe(new SSLHandshakeException(
                        "error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION")))
                .isEqualTo("the server accepts none of the TLS versions gale offers (1.2 and 1.3): it may speak only"
                        + " TLS 1.0 or 1.1, which Java disables");
        assertThat(Failures.describe(
                        new SSLHandshakeException("error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL")))
                .startsWith("the server accepts none of the TLS versions gale offers");
        assertThat(Failures.describe(new SSLHandshakeException(
                        "error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE")))
                .isEqualTo("the server refused the TLS handshake (handshake_failure): it has no cipher suite in common"
                        + " with gale, or wants a client certificate");
        assertThat(Failures.describe(new SSLException(
                        "error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED")))
                .isEqualTo("the server wants a client certificate, which gale does not send");
    }

    @Test
    void boringSslsRecordThatIsNotTlsIsSaidToBeNotTls() {
        // BoringSSL's engine does not quote the record: whether it was HTTP is the preflight's to tell.
        assertThat(Failures.describe(new DecoderException(new NotSslRecordException("not an SSL/TLS record"))))
                .isEqualTo("the server did not answer in TLS: does it speak TLS on this port?");
    }
}
