package dev.gale.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing one complete response from a direct buffer, as the epoll transport delivers it: nginx's answer
 * to {@code /hello} (the benchmark target: 6 headers, 13-byte body, Content-Length framing), and a chunked
 * response of the same body. Expected: well under a microsecond and 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseParserBenchmark {
    static final String NGINX_HELLO = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx\r\n"
            + "Date: Fri, 27 Nov 2026 11:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 13\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n"
            + "Hello, World!";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx\r\n"
            + "Date: Fri, 27 Nov 2026 11:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n"
            + "d\r\nHello, World!\r\n0\r\n\r\n";

    @Param({"nginx-hello", "chunked"})
    public String response;

    private final ResponseParser parser = new ResponseParser();
    private ByteBuf in;

    @Setup
    public void setUp() {
        byte[] bytes = (response.equals("chunked") ? CHUNKED : NGINX_HELLO).getBytes(StandardCharsets.ISO_8859_1);
        in = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @TearDown
    public void tearDown() {
        in.release();
    }

    @Benchmark
    public int parse() {
        in.readerIndex(0);
        parser.reset(false);
        int result = parser.parse(in);
        if (result != ResponseParser.COMPLETE) {
            throw new IllegalStateException("parse result " + result);
        }
        return parser.status();
    }
}
