package dev.gale.it;

import dev.gale.engine.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test target on 127.0.0.1 (a free port) that answers every request with an empty 200 at once and
 * records when each request arrived ({@link System#nanoTime()} at its first byte), so tests can check the
 * schedule as the server saw it. Holds at most {@code capacity} arrivals.
 */
final class ArrivalServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final long[] arrivals;
    private final AtomicInteger count = new AtomicInteger();

    ArrivalServer(int capacity) throws InterruptedException {
        this.arrivals = new long[capacity];
        Transport t = Transport.best();
        this.group = t.newGroup(1, "arrival-server");
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(t.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec()).addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                try {
                                    if (msg instanceof HttpRequest) {
                                        int i = count.getAndIncrement();
                                        if (i < arrivals.length) {
                                            arrivals[i] = System.nanoTime();
                                        }
                                    }
                                    if (msg instanceof LastHttpContent) {
                                        FullHttpResponse r = new DefaultFullHttpResponse(
                                                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
                                        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                                        ctx.writeAndFlush(r);
                                    }
                                } finally {
                                    ReferenceCountUtil.release(msg);
                                }
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Arrival times so far, sorted. */
    long[] arrivals() {
        int n = Math.min(count.get(), arrivals.length);
        long[] out = Arrays.copyOf(arrivals, n);
        Arrays.sort(out);
        return out;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
}
