package dev.gale.engine;

import dev.gale.plan.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.InetSocketAddress;

/**
 * Opens connections to one target on one event loop: TCP without Nagle's delay and with keep-alive probes,
 * the target's connect timeout, and for https a TLS handler (host name and certificate checks as the
 * {@link SslContext} says) whose handshake has the same timeout. The pipeline is {@code tls} (https only), {@code
 * chunks} (https with large requests only: a {@link ChunkedWriteHandler} that feeds the TLS handler a {@link
 * RequestChunks} piece by piece), then the caller's handler as {@code http}. Not thread-safe: one caller at a time.
 *
 * <p>A write that fails does not close the connection ({@link ChannelOption#AUTO_CLOSE} off): Netty then shuts its
 * output down and goes on reading, since a server that refuses a request before its body (a {@code 413}) closes
 * the connection on the rest of the body, and its answer is still in the socket to be read. The connection
 * closes when the server's side of it ends, or when its handler closes it.
 */
final class Dialer {
    private final Bootstrap bootstrap;
    private final Target target;
    private final InetSocketAddress address;
    private final SslContext ssl;
    private final boolean chunks;
    private final int timeoutMillis;

    /**
     * @param ssl the TLS context for an https target; null for http
     * @param chunks true if the connections write {@link RequestChunks} (https only)
     */
    Dialer(
            EventLoop loop,
            Transport transport,
            Target target,
            InetSocketAddress address,
            SslContext ssl,
            boolean chunks) {
        this.target = target;
        this.address = address;
        this.ssl = ssl;
        this.chunks = ssl != null && chunks;
        this.timeoutMillis = connectTimeoutMillis(target);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.AUTO_CLOSE, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis);
    }

    /** The target's connect timeout, which bounds the TCP connect and the TLS handshake alike, in milliseconds. */
    static int connectTimeoutMillis(Target target) {
        return (int) Math.min(
                Integer.MAX_VALUE, target.connections().connectTimeout().toMillis());
    }

    /** True if a connection is ready only once its TLS handshake completes, after the TCP connect. */
    boolean tls() {
        return ssl != null;
    }

    /** True if the connections have a {@code chunks} handler, to which a large request goes as {@link RequestChunks}. */
    boolean chunks() {
        return chunks;
    }

    /** Starts a connection with {@code handler} last in its pipeline; the future is the TCP connect's. */
    ChannelFuture connect(ChannelHandler handler) {
        bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (ssl != null) {
                    SslHandler h = ssl.newHandler(ch.alloc(), target.host(), target.port());
                    h.setHandshakeTimeoutMillis(timeoutMillis);
                    ch.pipeline().addLast("tls", h);
                }
                if (chunks) {
                    ch.pipeline().addLast("chunks", new ChunkedWriteHandler());
                }
                ch.pipeline().addLast("http", handler);
            }
        });
        return bootstrap.connect(address);
    }
}
