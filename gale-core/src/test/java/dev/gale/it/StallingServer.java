package dev.gale.it;

import dev.gale.engine.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 that answers at once, except that it stalls once, like a long GC pause:
 * request number {@code stallAt} (from 1) starts a stall of {@code stall}, and no response goes out until
 * the stall is over. Requests that arrive during the stall are read and held; all are answered when it ends.
 *
 * <p>One event loop, so the stall state needs no synchronization.
 */
public final class StallingServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final long stallAt;
    private final long stallNanos;
    private long requests;
    private long stallStartNanos;
    private long stallEndNanos;

    private StallingServer(long stallAt, Duration stall) throws InterruptedException {
        this.stallAt = stallAt;
        this.stallNanos = stall.toNanos();
        Transport transport = Transport.best();
        this.group = transport.newGroup(1, "stalling-server");
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new Handler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    /** Starts a server whose request number {@code stallAt} (from 1) begins a stall of {@code stall}. */
    public static StallingServer start(long stallAt, Duration stall) throws InterruptedException {
        return new StallingServer(stallAt, stall);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Requests received so far. */
    public long requests() throws Exception {
        return group.next().submit(() -> requests).get();
    }

    /** When the stall started and ended ({@link System#nanoTime()}), or zeros if it has not happened. */
    public long[] stallNanos() throws Exception {
        return group.next()
                .submit(() -> new long[] {stallStartNanos, stallEndNanos})
                .get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof LastHttpContent) {
                    respond(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            long now = System.nanoTime();
            if (++requests == stallAt) {
                stallStartNanos = now;
                stallEndNanos = now + stallNanos;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("Hello, World!", StandardCharsets.US_ASCII));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 13);
            if (now < stallEndNanos) {
                ctx.executor().schedule(() -> ctx.writeAndFlush(response), stallEndNanos - now, TimeUnit.NANOSECONDS);
            } else {
                ctx.writeAndFlush(response);
            }
        }
    }
}
