package dev.gale.engine;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole request as the event loop handles it, without sockets: {@link Pool#submit} takes the idle
 * connection (acquire), {@link Connection} writes the pre-encoded request bytes through the channel
 * pipeline, the nginx {@code /hello} response is fed back through the pipeline, parsed, recorded, and the
 * connection goes back to the idle stack (release).
 *
 * <p>The channel is an {@link EmbeddedChannel} (no sockets), driven from a Netty event loop thread like the
 * real code: Netty's object pools (the outbound buffer's entries, for one) only recycle on its
 * {@code FastThreadLocalThread}s, so a plain JMH thread would show allocation the real run does not have.
 * Each invocation runs {@value #BATCH} requests in one task on that loop, so the hand-off costs about
 * 10 ns per request. What this leaves out is the kernel: the write, read and epoll system calls of a real
 * connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(RequestCycleBenchmark.BATCH)
public class RequestCycleBenchmark {
    static final int BATCH = 1000;

    private DefaultEventLoop loop;
    private Pool pool;
    private EmbeddedChannel channel;
    private ByteBuf response;
    private int tag;

    @Setup
    public void setUp() throws Exception {
        loop = new DefaultEventLoop();
        loop.submit(this::setUpOnLoop).get();
    }

    private void setUpOnLoop() {
        Target target = Target.parseUrl("nginx", "http://127.0.0.1:8080/hello", ConnectionSettings.defaults())
                .target();
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("hello", "nginx", "/hello")),
                List.of(new Phase("main", LoadModel.Closed.connections(1), Duration.ofHours(1), 0, false)),
                1);
        RunContext ctx = new RunContext(plan, 1);
        Collector collector = new Collector(1, 1);
        channel = new EmbeddedChannel();
        LoopWorker worker = new LoopWorker(
                ctx,
                channel.eventLoop(),
                Transport.NIO,
                0,
                1,
                List.of(new InetSocketAddress("127.0.0.1", 8080)),
                Collections.singletonList(null),
                collector.newLoopRecorders(),
                collector.newLoopGauges(),
                RunListener.NONE);
        pool = worker.pool(0);
        pool.adopt(channel);
        tag = Tags.of(0, 0, false);
        byte[] bytes = ResponseParserBenchmark.NGINX_HELLO.getBytes(StandardCharsets.ISO_8859_1);
        response = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @TearDown
    public void tearDown() throws Exception {
        loop.submit(() -> {
                    response.release();
                    channel.finishAndReleaseAll();
                })
                .get();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    public void requests() throws Exception {
        loop.submit(this::batch).get();
    }

    private void batch() {
        for (int i = 0; i < BATCH; i++) {
            long now = System.nanoTime();
            pool.submit(tag, 0, now, now);
            ByteBuf sent = channel.readOutbound();
            sent.release();
            response.readerIndex(0).retain();
            channel.pipeline().fireChannelRead(response);
        }
    }
}
