package dev.gale.serve;

import dev.gale.engine.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The built-in HTTP/1.1 target server. Every path answers {@code 200} with a body of the configured size
 * after the configured delay (or {@code 500} at the configured error rate). Query parameters override
 * per request, which tests and demos use to provoke specific behaviour:
 *
 * <ul>
 *   <li>{@code delay=5ms} or {@code delay=1ms..10ms}: respond after this delay;</li>
 *   <li>{@code status=503}: respond with this status, 200..599;</li>
 *   <li>{@code size=1024}: body size in bytes, up to {@link ServeParameters#MAX_BODY_BYTES};</li>
 *   <li>{@code fault=close}: announce a body, send part of it, then close the connection;
 *       {@code fault=reset}: reset the connection (RST) without answering;
 *       {@code fault=malformed}: answer with bytes that are not HTTP;
 *       {@code fault=hang}: never answer.</li>
 * </ul>
 *
 * <p>A value out of range is answered with {@code 400} and one line naming it ({@link ServeParameters} holds
 * the rules, which the flags of {@code gale serve} share); other parameters are ignored.
 *
 * <pre>{@code
 * try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class GaleServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final LongAdder requests = new LongAdder();
    private final ServeOptions options;

    private GaleServer(ServeOptions options) throws InterruptedException {
        this.options = options;
        Transport transport = Transport.best();
        this.group = transport.newGroup(options.threads(), "gale-serve");
        Bodies bodies = new Bodies(options.bodySize());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new TargetHandler(options, bodies, requests));
                    }
                });
        try {
            this.channel = b.bind(new InetSocketAddress(options.host(), options.port()))
                    .sync()
                    .channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * Binds and starts serving.
     *
     * @throws java.net.BindException (unchecked by Netty, so declared loosely) if the port is taken
     */
    public static GaleServer start(ServeOptions options) throws InterruptedException {
        return new GaleServer(options);
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The bound host. */
    public String host() {
        return options.host();
    }

    /** {@code http://host:port} */
    public String baseUrl() {
        String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + h + ":" + port();
    }

    /** Requests received so far. */
    public long requests() {
        return requests.sum();
    }

    /** Blocks until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
}
