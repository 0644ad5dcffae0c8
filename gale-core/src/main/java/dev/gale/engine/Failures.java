package dev.gale.engine;

import dev.gale.record.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Maps what Netty and the JDK throw to the {@link ErrorKind} a user sees. */
final class Failures {
    private Failures() {}

    /** The kind of a failed connect attempt. */
    static ErrorKind ofConnect(Throwable cause) {
        Throwable c = root(cause);
        if (DirectMemory.exhausted(c)) {
            return ErrorKind.OTHER; // this client's, not the server's (see describe)
        }
        if (c instanceof ConnectTimeoutException) {
            return ErrorKind.CONNECT_TIMEOUT;
        }
        if (c instanceof UnknownHostException
                || c instanceof NoRouteToHostException
                || c instanceof PortUnreachableException) {
            return ErrorKind.UNREACHABLE;
        }
        if (c instanceof SSLException) {
            return ErrorKind.TLS;
        }
        String m = message(c);
        if (m.contains("refused")) {
            return ErrorKind.CONNECT_REFUSED;
        }
        if (m.contains("assign requested address")) {
            return ErrorKind.OTHER; // EADDRNOTAVAIL: this client's, not the server's (see describe)
        }
        if (m.contains("reset")) {
            // Accepted, then reset at once ("finishConnect(..) failed with error(-104): Connection reset by
            // peer"): the server refused nothing.
            return ErrorKind.RESET;
        }
        if (m.contains("unreachable") || m.contains("no route")) {
            return ErrorKind.UNREACHABLE;
        }
        if (m.contains("timed out")) {
            return ErrorKind.CONNECT_TIMEOUT;
        }
        if (c instanceof ConnectException) {
            return ErrorKind.CONNECT_REFUSED;
        }
        return ErrorKind.OTHER;
    }

    /**
     * The kind of a failed TLS handshake: a handshake that timed out is a {@code connect_timeout}, as
     * {@code --connect-timeout} bounds TCP's connect and TLS's handshake alike (and its wait is in the response
     * times of the requests that waited for it); any other failure is {@code tls}.
     */
    static ErrorKind ofHandshakeFailure(Throwable cause) {
        if (within(cause, SslHandshakeTimeoutException.class)) {
            return ErrorKind.CONNECT_TIMEOUT;
        }
        // A server that accepts and resets at once may do it while the handshake writes ("failure when writing
        // TLS control frames", caused by the reset): a reset, as when it comes during the connect.
        return messages(cause, "Connection reset") ? ErrorKind.RESET : ErrorKind.TLS;
    }

    /** The kind of a failure on an established connection. */
    static ErrorKind ofConnection(Throwable cause) {
        Throwable c = root(cause);
        if (DirectMemory.exhausted(c)) {
            return ErrorKind.OTHER; // this client's, not the server's (see describe)
        }
        if (c instanceof SSLException || c instanceof NotSslRecordException) {
            return ErrorKind.TLS;
        }
        if (c instanceof DecoderException || within(cause, DecoderException.class)) {
            // Netty wraps whatever a decoder throws (IllegalArgumentException, IndexOutOfBounds...) in a
            // DecoderException: the wrapper, not its cause, says that the bytes were not valid.
            return ErrorKind.PROTOCOL;
        }
        String m = message(c);
        if (m.contains("reset")) {
            return ErrorKind.RESET;
        }
        if (m.contains("broken pipe") || c instanceof ClosedChannelException) {
            return ErrorKind.CLOSED;
        }
        if (c instanceof IOException) {
            return ErrorKind.RESET;
        }
        return ErrorKind.OTHER;
    }

    /**
     * A short description for messages: for a TLS failure, what went wrong and what to do ({@link #tls}), else the
     * root cause's message; for a certificate the trust manager refused, its words (BoringSSL's engine replaces
     * them with "General OpenSslEngine problem").
     */
    static String describe(Throwable cause) {
        TlsProblem tls = tls(cause);
        if (tls != null) {
            return tls.text();
        }
        Throwable c = root(cause);
        if (c instanceof SSLException && c.getCause() instanceof CertificateException refused) {
            c = refused;
        }
        if (DirectMemory.exhausted(c)) {
            // "Cannot reserve 65536 bytes of direct buffer memory (allocated: ..., limit: ...)": this client's limit.
            return DirectMemory.describeExhausted();
        }
        String m = c.getMessage();
        if (m != null && m.contains("Too many open files")) {
            // EMFILE from socket(2), as Netty words it: "newSocketStream(..) failed with error(-24): ...".
            return "too many open files: this process reached its open-files limit (ulimit -n); lower the"
                    + " connections or raise the limit";
        }
        if (m != null && m.contains("Cannot assign requested address")) {
            // EADDRNOTAVAIL from connect(2): the client, not the server, ran out of local ports.
            return "cannot assign requested address: this machine has no local port free for a new connection"
                    + " (too many recently closed ones in TIME_WAIT?); keep-alive, or fewer new connections a"
                    + " second, avoids it";
        }
        return m == null ? c.getClass().getSimpleName() : withoutSyscall(m);
    }

    /**
     * {@code m} without the system call Netty's native transport names before the error: {@code
     * finishConnect(..) failed with error(-104): Connection reset by peer} is {@code Connection reset by peer}.
     */
    static String withoutSyscall(String m) {
        return m.replaceFirst("^[A-Za-z]+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
    }

    /**
     * A TLS failure as a user can act on it, where the JDK and Netty speak of PKIX paths and SSL records.
     *
     * @param problem what went wrong: {@code the server's certificate has expired (NotAfter: ...)}
     * @param remedy what to do about it, or why it is so; empty when there is nothing to add
     */
    record TlsProblem(String problem, String remedy) {
        /** The problem and the remedy in one phrase, as the summary, the JSON and the live warning give it. */
        String text() {
            return remedy.isEmpty() ? problem : problem + ": " + remedy;
        }
    }

    private static final String INSECURE = "-k/--insecure to skip the check";

    /**
     * The failure of a TLS handshake, as {@link #tls} can explain it: Netty fails a handshake that the server ended
     * by closing the connection with a (message-less) {@link ClosedChannelException}, which says nothing of TLS.
     * The preflight check and the run both read a handshake's failure through this.
     */
    static Throwable ofHandshake(Throwable cause) {
        return within(cause, ClosedChannelException.class) ? new ClosedDuringHandshake(cause) : cause;
    }

    /** A TLS handshake that the server ended by closing the connection. */
    private static final class ClosedDuringHandshake extends SSLException {
        private static final long serialVersionUID = 1L;

        ClosedDuringHandshake(Throwable cause) {
            super("the server closed the connection during the TLS handshake", cause);
        }
    }

    /**
     * The TLS problem {@code cause} is, or null if it is none that gale can explain better than its message.
     * Read from the exception's types where the JDK has public ones, else from its message (the JDK's own
     * {@code ValidatorException} and the TLS alert it names, {@code (certificate_unknown) ...}, or BoringSSL's
     * name of it, {@code ...:TLSV1_ALERT_PROTOCOL_VERSION}). Either TLS provider's failures read alike.
     */
    static TlsProblem tls(Throwable cause) {
        SslHandshakeTimeoutException timeout = find(cause, SslHandshakeTimeoutException.class);
        if (timeout != null) {
            // Netty's message: "handshake timed out after 1000ms".
            String m = timeout.getMessage();
            return new TlsProblem(
                    m == null ? "the TLS handshake timed out" : "the TLS " + m,
                    "does the server speak TLS on this port?");
        }
        if (within(cause, ClosedDuringHandshake.class)) {
            return new TlsProblem(
                    "the server closed the connection during the TLS handshake", "does it speak TLS on this port?");
        }
        NotSslRecordException record = find(cause, NotSslRecordException.class);
        if (record != null) {
            // Netty quotes the record in hex: "not an SSL/TLS record: 485454502f..." ("HTTP/...").
            return record.getMessage() != null && record.getMessage().contains(": 485454502f")
                    ? new TlsProblem("the server answered in plain HTTP, not TLS", "use http:// for this port")
                    : new TlsProblem("the server did not answer in TLS", "does it speak TLS on this port?");
        }
        if (!within(cause, SSLException.class)) {
            return null;
        }
        CertificateExpiredException expired = find(cause, CertificateExpiredException.class);
        if (expired != null || reason(cause) == CertPathValidatorException.BasicReason.EXPIRED) {
            return new TlsProblem(
                    "the server's certificate has expired" + quoted(expired), "renew it, or use " + INSECURE);
        }
        CertificateNotYetValidException early = find(cause, CertificateNotYetValidException.class);
        if (early != null || reason(cause) == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return new TlsProblem(
                    "the server's certificate is not valid yet" + quoted(early),
                    "check the clocks, or use " + INSECURE);
        }
        if (within(cause, CertPathBuilderException.class)
                || messages(cause, "unable to find valid certification path")) {
            return new TlsProblem(
                    "the server's certificate is not trusted (self-signed, or its issuer is unknown)",
                    "use " + INSECURE + ", or add its issuer to Java's trust store");
        }
        String mismatch = messagePart(cause, false, "No subject alternative", "No name matching");
        if (mismatch != null) {
            // The JDK's HostnameChecker: "No subject alternative names matching IP address 127.0.0.1 found". With
            // BoringSSL, Netty wraps it in an exception that appends "for SNIHostName=null and peerHost=...": the
            // last message, the JDK's, says it as the JDK's TLS does.
            return new TlsProblem(
                    "the server's certificate is not issued for this host (" + lowerFirst(mismatch) + ")",
                    "use a host name it is issued for, or " + INSECURE);
        }
        // BoringSSL names the alert in OpenSSL's error format: "error:1000042e:SSL
        // routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION".
        if (messages(
                cause,
                "(protocol_version)",
                "No appropriate protocol",
                "_ALERT_PROTOCOL_VERSION",
                ":UNSUPPORTED_PROTOCOL")) {
            return new TlsProblem(
                    "the server accepts none of the TLS versions gale offers (1.2 and 1.3)",
                    "it may speak only TLS 1.0 or 1.1, which Java disables");
        }
        if (messages(cause, "(certificate_required)", "_ALERT_CERTIFICATE_REQUIRED")) {
            return new TlsProblem("the server wants a client certificate, which gale does not send", "");
        }
        if (messages(cause, "(handshake_failure)", "_ALERT_HANDSHAKE_FAILURE")) {
            return new TlsProblem(
                    "the server refused the TLS handshake (handshake_failure)",
                    "it has no cipher suite in common with gale, or wants a client certificate");
        }
        return null;
    }

    /** Why a certificate path failed validation, if {@code t} says. */
    private static CertPathValidatorException.Reason reason(Throwable t) {
        CertPathValidatorException e = find(t, CertPathValidatorException.class);
        return e == null ? null : e.getReason();
    }

    /** {@code " (message)"} of {@code e}, or nothing. */
    private static String quoted(Throwable e) {
        return e == null || e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }

    /** True if the message of {@code t} or of one of its causes contains one of {@code texts}. */
    private static boolean messages(Throwable t, String... texts) {
        return messagePart(t, true, texts) != null;
    }

    /**
     * The part of the first (or, unless {@code first}, the last) message in {@code t}'s causes (itself first)
     * that contains one of {@code texts}, from there on; null if none does.
     */
    private static String messagePart(Throwable t, boolean first, String... texts) {
        String found = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String part = from(c.getMessage(), texts);
            if (part != null) {
                found = part;
                if (first) {
                    break;
                }
            }
        }
        return found;
    }

    /** {@code message} from the first of {@code texts} it contains on; null if it contains none. */
    private static String from(String message, String... texts) {
        for (String text : texts) {
            int at = message == null ? -1 : message.indexOf(text);
            if (at >= 0) {
                return message.substring(at);
            }
        }
        return null;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** True if {@code t} or one of its causes is a {@code type}. */
    static boolean within(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    /** {@code t} or the first of its causes that is a {@code type}; null if none is. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null
                && c.getCause() != c
                && !(c instanceof SSLException)
                && !(c instanceof ConnectTimeoutException)) {
            c = c.getCause();
        }
        return c;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? "" : m.toLowerCase(Locale.ROOT);
    }
}
