package dev.gale.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** {@link TargetHandler} behind Netty's HTTP codec in an {@link EmbeddedChannel}: what one request gets back. */
class TargetHandlerTest {

    /** The bytes written back for one request to {@code uri}, in a channel of its own. */
    private static String answer(String uri) {
        ByteBuf body = Unpooled.wrappedBuffer(Bodies.of(13));
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpServerCodec(), new TargetHandler(ServeOptions.defaults(), body, new LongAdder()));
        ch.writeInbound(
                Unpooled.copiedBuffer("GET " + uri + " HTTP/1.1\r\nHost: t\r\n\r\n", StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        ch.finishAndReleaseAll();
        return out.toString();
    }

    @Test
    void answersHelloWorld() {
        assertThat(answer("/"))
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-length: 13\r\n")
                .endsWith("\r\n\r\nHello, World!");
    }

    @Test
    void aNegativeSizeIsABadRequestThatSaysSo() {
        assertThat(answer("/?size=-1"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .endsWith("\r\n\r\nsize must be >= 0 (got -1)\n");
    }
}
