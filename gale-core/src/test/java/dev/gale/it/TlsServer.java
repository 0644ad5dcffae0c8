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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;

/**
 * An HTTPS target on 127.0.0.1 and a free port, answering every request with 200 and {@code Hello, World!}.
 * Its certificate is self-signed (for {@code 127.0.0.1} and {@code localhost}) and made at test time with
 * the JDK's {@code keytool}, so no client trusts it unless told not to check.
 */
public final class TlsServer implements AutoCloseable {
    /** The password of {@link #keyStore()} and of its one key, {@code gale}. */
    static final char[] PASSWORD = "gale-test".toCharArray();

    private static KeyStore keys;
    private static SslContext context;

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final AtomicLong requests = new AtomicLong();

    private TlsServer(SslContext ssl) throws InterruptedException {
        Transport transport = Transport.best();
        this.group = transport.newGroup(1, "tls-server");
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(ssl.newHandler(ch.alloc()))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new Hello());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    /** Starts a server; the certificate is made once per JVM. */
    public static TlsServer start() throws Exception {
        return new TlsServer(context());
    }

    private static synchronized SslContext context()
            throws IOException, InterruptedException, GeneralSecurityException {
        if (context == null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD);
            context = SslContextBuilder.forServer(kmf).build();
        }
        return context;
    }

    /**
     * The self-signed certificate (for {@code 127.0.0.1} and {@code localhost}) and its key, as alias {@code gale}
     * with {@link #PASSWORD}; made once per JVM.
     */
    static synchronized KeyStore keyStore() throws IOException, InterruptedException, GeneralSecurityException {
        if (keys == null) {
            keys = selfSigned();
        }
        return keys;
    }

    private static KeyStore selfSigned() throws IOException, InterruptedException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("gale-tls-");
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Process p = new ProcessBuilder(List.of(
                            keytool.toString(),
                            "-genkeypair",
                            "-noprompt",
                            "-alias",
                            "gale",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-dname",
                            "CN=127.0.0.1",
                            "-ext",
                            "SAN=ip:127.0.0.1,dns:localhost",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            new String(PASSWORD),
                            "-keypass",
                            new String(PASSWORD)))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            return ks;
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir.resolve("keytool.log"));
            Files.deleteIfExists(dir);
        }
    }

    /** {@code https://127.0.0.1:port} */
    public String baseUrl() {
        return "https://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Requests received (over completed handshakes) so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    private final class Hello extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof LastHttpContent) {
                    requests.incrementAndGet();
                    FullHttpResponse response = new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1,
                            HttpResponseStatus.OK,
                            Unpooled.copiedBuffer("Hello, World!", StandardCharsets.US_ASCII));
                    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 13);
                    ctx.writeAndFlush(response);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // failed handshakes are the point of some tests
        }
    }
}
