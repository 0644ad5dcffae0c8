package dev.gale.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TargetHandler} behind Netty's HTTP codec in an {@link EmbeddedChannel}: what one request gets back. */
class TargetHandlerTest {

    /** The bytes written back for one request to {@code uri}, in a channel of its own. */
    private static String answer(String uri) {
        return answerTo("GET " + uri + " HTTP/1.1\r\nHost: t\r\n\r\n", new boolean[1]);
    }

    /** The bytes written back for {@code request}, in a channel of its own; {@code open[0]}: still open after. */
    private static String answerTo(String request, boolean[] open) {
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpServerCodec(), new TargetHandler(ServeOptions.defaults(), new Bodies(13), new LongAdder()));
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        // A delayed answer is a task scheduled on the channel's loop: run it now.
        ch.advanceTimeBy(1, TimeUnit.HOURS);
        ch.runScheduledPendingTasks();
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        open[0] = ch.isOpen();
        ch.finishAndReleaseAll();
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "NOT A REQUEST\r\n\r\n",
                "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n"
            })
    void somethingThatIsNotAnHttpRequestIsABadRequestAndTheConnectionCloses(String garbage) {
        boolean[] open = new boolean[1];

        String out = answerTo(garbage, open);

        assertThat(out)
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("connection: close")
                .endsWith("not an HTTP request\n");
        assertThat(open[0]).as("open after").isFalse();
    }

    @Test
    void answersHelloWorld() {
        assertThat(answer("/"))
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-length: 13\r\n")
                .endsWith("\r\n\r\nHello, World!");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // query | status line | body
                "status=503|HTTP/1.1 503 Service Unavailable|Hello, World!",
                "status=200|HTTP/1.1 200 OK|Hello, World!",
                "status=599|HTTP/1.1 599 Server Error (599)|Hello, World!",
                "size=0|HTTP/1.1 200 OK|''",
                "size=5|HTTP/1.1 200 OK|Hello",
                "size=15|HTTP/1.1 200 OK|Hello, World!He",
                "delay=5ms..5ms|HTTP/1.1 200 OK|Hello, World!",
                "delay=1ms..3ms&size=2|HTTP/1.1 200 OK|He",
                "unknown=1|HTTP/1.1 200 OK|Hello, World!",
            })
    void aGoodParameterShapesTheAnswer(String query, String statusLine, String body) {
        assertThat(answer("/?" + query)).startsWith(statusLine + "\r\n").endsWith("\r\n\r\n" + body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // query | the whole body
                "status=abc|status must be an HTTP status code, 200..599 (got abc)",
                "status=|status must be an HTTP status code, 200..599 (got )",
                "status=99|status must be an HTTP status code, 200..599 (got 99)",
                "status=100|status must be an HTTP status code, 200..599 (got 100)",
                "status=600|status must be an HTTP status code, 200..599 (got 600)",
                "status=1000|status must be an HTTP status code, 200..599 (got 1000)",
                "status=99999999999|status must be an HTTP status code, 200..599 (got 99999999999)",
                "delay=5ms..1ms|delay: the range 5ms..1ms is empty (5ms to 1ms; a bare number is milliseconds); write it as min..max",
                "delay=xyz|delay: 'xyz' is not a duration (use e.g. 500ms, 30s, 5m, 1h)",
                "delay=100d|delay: 100d is longer than 1h, the longest delay (gale measures latencies up to an hour)",
                "delay=1ms..61m|delay: 61m is longer than 1h, the longest delay (gale measures latencies up to an hour)",
                "delay=-1ms|delay: '-1ms' is negative: drop the minus (1ms)",
                "delay=1ms..|delay: '' is not a duration (use e.g. 500ms, 30s, 5m, 1h)",
                "delay=99999999d|delay: duration '99999999d' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds",
                "size=-1|size must be 0..67108864 bytes, 64 MiB (got -1)",
                "size=abc|size must be 0..67108864 bytes, 64 MiB (got abc)",
                "size=67108865|size must be 0..67108864 bytes, 64 MiB (got 67108865)",
                "size=2000000000|size must be 0..67108864 bytes, 64 MiB (got 2000000000)",
                "size=99999999999|size must be 0..67108864 bytes, 64 MiB (got 99999999999)",
                "fault=boom|fault must be close, reset, malformed or hang (got boom)",
                "fault=CLOSE|fault must be close, reset, malformed or hang (got CLOSE)",
                "status=1&size=-1|status must be an HTTP status code, 200..599 (got 1); size must be 0..67108864"
                        + " bytes, 64 MiB (got -1)",
            })
    void aBadParameterIsABadRequestThatSaysWhatIsAccepted(String query, String body) {
        assertThat(answer("/?" + query))
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("content-type: text/plain\r\n")
                .endsWith("\r\n\r\n" + body + "\n");
    }

    @Test
    void aBadParameterIsAnsweredAtOnceWhateverTheOthersAsk() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new HttpServerCodec(), new TargetHandler(ServeOptions.defaults(), new Bodies(13), new LongAdder()));
        ch.writeInbound(Unpooled.copiedBuffer(
                "GET /?delay=1h&fault=hang&status=1 HTTP/1.1\r\nHost: t\r\n\r\n", StandardCharsets.US_ASCII));
        ByteBuf b = ch.readOutbound();
        assertThat(b).isNotNull();
        assertThat(b.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400 Bad Request\r\n");
        b.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void bodiesOfEverySizeUpToTheLargestAreHelloWorldCutToLength() {
        Bodies bodies = new Bodies(13);
        int max = ServeParameters.MAX_BODY_BYTES;
        ByteBuf big = bodies.sized(max);
        ByteBuf small = bodies.sized(100);
        assertThat(big.readableBytes()).isEqualTo(max);
        assertThat(big.getByte(max - 1)).isEqualTo((byte) "Hello, World!".charAt((max - 1) % 13));
        assertThat(small.readableBytes()).isEqualTo(100);
        assertThat(small.toString(0, 15, StandardCharsets.US_ASCII)).isEqualTo("Hello, World!He");
        big.release();
        small.release();
    }
}
