package dev.gale.serve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/** Answers each request of one connection as {@link GaleServer} describes. One instance per connection. */
final class TargetHandler extends ChannelInboundHandlerAdapter {
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final ServeOptions options;
    private final Bodies bodies;
    private final LongAdder requests;
    private final SplittableRandom random;

    // The request being read.
    private HttpResponseStatus status;
    private long delayNanos;
    private ByteBuf content;
    private ServeParameters.Fault fault;
    /** The request could not be decoded: it gets a 400 and the connection closes. */
    private boolean malformed;

    TargetHandler(ServeOptions options, Bodies bodies, LongAdder requests) {
        this.options = options;
        this.bodies = bodies;
        this.requests = requests;
        this.random = new SplittableRandom(options.seed() + CONNECTIONS.incrementAndGet());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (malformed) {
                return; // answered with 400, and closing: the codec discards the rest
            }
            if (msg instanceof HttpRequest req) {
                begin(req);
            }
            if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                // The head or a chunk could not be decoded: what follows is discarded, there is no end to wait
                // for. Answer now, once.
                malformed();
                respond(ctx);
            } else if (msg instanceof LastHttpContent) {
                respond(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest req) {
        requests.increment();
        if (req.decoderResult().isFailure()) {
            return; // answered as malformed
        }
        status = options.errorRate() > 0 && random.nextDouble() < options.errorRate()
                ? HttpResponseStatus.INTERNAL_SERVER_ERROR
                : HttpResponseStatus.OK;
        delayNanos = draw(options.minDelay(), options.maxDelay());
        content = bodies.configured();
        fault = null;
        String uri = req.uri();
        if (uri.indexOf('?') >= 0) {
            query(new QueryStringDecoder(uri).parameters());
        }
    }

    /** The request could not be decoded: a 400 at once, and the connection closes after it. */
    private void malformed() {
        malformed = true;
        status = HttpResponseStatus.BAD_REQUEST;
        content = Unpooled.copiedBuffer("not an HTTP request\n", StandardCharsets.US_ASCII);
        delayNanos = 0;
        fault = null;
    }

    /**
     * Applies the query parameters that override the options. A bad value is answered at once with {@code
     * 400} and a one-line body naming every bad parameter, its value and what is accepted; parameters of
     * other names are ignored.
     */
    private void query(Map<String, List<String>> q) {
        List<String> problems = new ArrayList<>();
        Integer code = read(q, "status", ServeParameters::status, problems);
        ServeParameters.Delay delay = read(q, "delay", ServeParameters::delay, problems);
        Integer size = read(q, "size", ServeParameters::bodySize, problems);
        ServeParameters.Fault f = read(q, "fault", ServeParameters::fault, problems);
        if (!problems.isEmpty()) {
            status = HttpResponseStatus.BAD_REQUEST;
            content = Unpooled.copiedBuffer(String.join("; ", problems) + "\n", StandardCharsets.UTF_8);
            delayNanos = 0;
            return;
        }
        if (code != null) {
            status = HttpResponseStatus.valueOf(code);
        }
        if (delay != null) {
            delayNanos = draw(delay.min(), delay.max());
        }
        if (size != null) {
            content = bodies.sized(size);
        }
        fault = f;
    }

    /** Parameter {@code name} read by {@code parse}; null if it is absent or bad (then its problem is added). */
    private static <T> T read(
            Map<String, List<String>> q, String name, BiFunction<String, String, T> parse, List<String> problems) {
        List<String> values = q.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        try {
            return parse.apply(name, values.get(0));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
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
        ServeParameters.Fault f = fault;
        if (f != null) {
            return () -> fault(ctx, f);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (malformed) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return () -> ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        return () -> ctx.writeAndFlush(response);
    }

    private void fault(ChannelHandlerContext ctx, ServeParameters.Fault f) {
        ChannelHandlerContext raw = ctx.pipeline().context(HttpServerCodec.class);
        switch (f) {
            case CLOSE ->
                raw.writeAndFlush(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHello"))
                        .addListener(x -> ctx.channel().close());
            case RESET -> {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.channel().close();
            }
            case MALFORMED -> raw.writeAndFlush(ascii("THIS IS NOT HTTP\r\n\r\n"));
            case HANG -> {
                // never answer
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
