package dev.gale.engine;

import dev.gale.record.ErrorKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Maps what Netty and the JDK throw to the {@link ErrorKind} a user sees. */
final class Failures {
    private Failures() {}

    /** The kind of a failed connect attempt. */
    static ErrorKind ofConnect(Throwable cause) {
        Throwable c = root(cause);
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

    /** The kind of a failure on an established connection. */
    static ErrorKind ofConnection(Throwable cause) {
        Throwable c = root(cause);
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

    /** A short description for messages. */
    static String describe(Throwable cause) {
        Throwable c = root(cause);
        String m = c.getMessage();
        if (m != null && m.contains("Too many open files")) {
            // EMFILE from socket(2), as Netty words it: "newSocketStream(..) failed with error(-24): ...".
            return "too many open files: this process reached its open-files limit (ulimit -n); lower the"
                    + " connections or raise the limit";
        }
        return m == null ? c.getClass().getSimpleName() : m;
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
