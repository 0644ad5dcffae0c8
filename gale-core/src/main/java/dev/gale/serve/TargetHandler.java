package dev.gale.serve;

import dev.gale.plan.Durations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Answers each request of one connection as {@link GaleServer} describes. One instance per connection. */
final class TargetHandler extends ChannelInboundHandlerAdapter {
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final ServeOptions options;
    private final ByteBuf body;
    private final LongAdder requests;
    private final SplittableRandom random;

    // The request being read.
    private HttpResponseStatus status;
    private long delayNanos;
    private ByteBuf content;
    private String fault;

    TargetHandler(ServeOptions options, ByteBuf body, LongAdder requests) {
        this.options = options;
        this.body = body;
        this.requests = requests;
        this.random = new SplittableRandom(options.seed() + CONNECTIONS.incrementAndGet());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                begin(req);
            }
            if (msg instanceof LastHttpContent) {
                respond(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest req) {
        requests.increment();
        status = options.errorRate() > 0 && random.nextDouble() < options.errorRate()
                ? HttpResponseStatus.INTERNAL_SERVER_ERROR
                : HttpResponseStatus.OK;
        delayNanos = draw(options.minDelay(), options.maxDelay());
        content = body.duplicate();
        fault = null;
        String uri = req.uri();
        if (uri.indexOf('?') >= 0) {
            Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
            try {
                first(q, "status").ifPresent(s -> status = HttpResponseStatus.valueOf(Integer.parseInt(s)));
                first(q, "delay").ifPresent(d -> {
                    int dots = d.indexOf("..");
                    delayNanos = dots < 0
                            ? Durations.parse(d, "ms").toNanos()
                            : draw(
                                    Durations.parse(d.substring(0, dots), "ms"),
                                    Durations.parse(d.substring(dots + 2), "ms"));
                });
                first(q, "size").ifPresent(s -> content = Unpooled.wrappedBuffer(Bodies.of(Integer.parseInt(s))));
                first(q, "fault").ifPresent(f -> fault = f);
            } catch (IllegalArgumentException e) {
                status = HttpResponseStatus.BAD_REQUEST;
                content = Unpooled.copiedBuffer(e.getMessage() + "\n", StandardCharsets.UTF_8);
            }
        }
    }

    private static java.util.Optional<String> first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v.get(0));
    }

    private long draw(Duration min, Duration max) {
        long lo = min.toNanos();
        long hi = max.toNanos();
        return hi > lo ? lo + random.nextLong(hi - lo + 1) : lo;
    }

    private void respond(ChannelHandlerContext ctx) {
        Runnable answer = answer(ctx);
        if (delayNanos > 0) {
            ctx.executor().schedule(answer, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            answer.run();
        }
    }

    private Runnable answer(ChannelHandlerContext ctx) {
        String f = fault;
        if (f != null) {
            return () -> fault(ctx, f);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return () -> ctx.writeAndFlush(response);
    }

    private void fault(ChannelHandlerContext ctx, String f) {
        ChannelHandlerContext raw = ctx.pipeline().context(HttpServerCodec.class);
        switch (f) {
            case "close" ->
                raw.writeAndFlush(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHello"))
                        .addListener(x -> ctx.channel().close());
            case "reset" -> {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.channel().close();
            }
            case "malformed" -> raw.writeAndFlush(ascii("THIS IS NOT HTTP\r\n\r\n"));
            case "hang" -> {
                // never answer
            }
            default -> {
                FullHttpResponse r = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.BAD_REQUEST,
                        ascii("unknown fault '" + f + "' (use close, reset, malformed or hang)\n"));
                r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
                ctx.writeAndFlush(r);
            }
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
