package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
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
    void describesTheRootCause() {
        assertThat(Failures.describe(new IOException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused");
        assertThat(Failures.describe(new ClosedChannelException())).isEqualTo("ClosedChannelException");
    }
}
