package dev.gale.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener whose accept queue is full: the kernel drops further SYNs, so a connect to it hangs for its
 * whole timeout. For runs stopped while their connections are being opened.
 */
public final class FullListener implements AutoCloseable {
    private final ServerSocket socket;
    private final List<SocketChannel> queued = new ArrayList<>();

    public FullListener() throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            for (int i = 0; i < 4; i++) {
                SocketChannel c = SocketChannel.open();
                queued.add(c);
                c.configureBlocking(false);
                c.connect(socket.getLocalSocketAddress());
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : queued) {
            c.close();
        }
        socket.close();
    }
}
