package dev.gale.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A port on 127.0.0.1 where nothing listens, held for the test: a socket bound to it that never listens,
 * so connections to it are refused (RST) and no other process can take the port meanwhile.
 */
public final class ReservedPort implements AutoCloseable {
    private final Socket socket;

    private ReservedPort() {
        try {
            socket = new Socket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reserves a free port. */
    public static ReservedPort reserve() {
        return new ReservedPort();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
