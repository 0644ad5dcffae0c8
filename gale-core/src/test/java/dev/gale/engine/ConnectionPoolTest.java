package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import dev.gale.record.ErrorKind;
import dev.gale.record.PoolGauges;
import dev.gale.record.RequestRecorder;
import dev.gale.record.Stats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link Pool} of one connection whose {@link Connection} handler sits in an {@link EmbeddedChannel}: what
 * is written to the server and what the recorders count, with no socket. The tests never let the pool dial
 * (the address is never used): each keeps the pool at its one connection, or ends with nothing waiting; the
 * one dial, from an embedded event loop, fails before any socket could connect.
 */
class ConnectionPoolTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final String GET = "GET /a HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n";
    private static final String HEAD = "HEAD /h HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n";
    private static final String OK_EMPTY = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    private static final int REQUEST_GET = 0;
    private static final int REQUEST_HEAD = 1;

    private RequestRecorder[] recorders;
    private Collector collector;
    private RunContext ctx;
    private Pool pool;
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final java.util.Map<EmbeddedChannel, Connection> handlers = new java.util.HashMap<>();
    private final List<String> dials = new ArrayList<>();
    /** What the listener heard of the target breaking HTTP/1.1. */
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        setUp(1, 2);
    }

    /** Replaces the pool with one of {@code maxConnections} and a queue of {@code queueCapacity}. */
    private void setUp(int maxConnections, int queueCapacity) {
        setUp(
                maxConnections,
                queueCapacity,
                List.of(
                        RequestSpec.get("get", "t", "/a"),
                        new RequestSpec(
                                "head", "t", "HEAD", "/h", List.of(), null, dev.gale.plan.StatusSet.SUCCESS, 1, 0)));
    }

    /** As {@link #setUp(int, int)}, with a plan of {@code requests} to target {@code t}. */
    private void setUp(int maxConnections, int queueCapacity, List<RequestSpec> requests) {
        // An acquire timeout shorter than the read timeout (the defaults are both 3 s): a waiting request gives
        // up while the one in flight is still within its read timeout.
        ConnectionSettings settings = ConnectionSettings.defaults()
                .withMaxConnections(maxConnections)
                .withQueueCapacity(queueCapacity)
                .withAcquireTimeout(Duration.ofSeconds(1));
        Target target = new Target("t", "http", "127.0.0.1", 9, settings);
        Plan plan = new Plan(
                List.of(target),
                requests,
                List.of(new Phase("main", LoadModel.Open.constant(1000), Duration.ofSeconds(10), 0, false)),
                1);
        ctx = new RunContext(plan, 1);
        collector = new Collector(requests.size(), 1);
        recorders = collector.newLoopRecorders();
        PoolGauges[] gauges = collector.newLoopGauges();
        EmbeddedChannel loopOwner = new EmbeddedChannel();
        channels.add(loopOwner);
        InetSocketAddress neverDialled = new InetSocketAddress("127.0.0.1", 9);
        List<SslContext> noTls = Collections.singletonList(null);
        RunListener dialWatcher = new RunListener() {
            @Override
            public void onConnectFailure(Target t, ErrorKind kind, String detail) {
                dials.add(kind.key() + ": " + detail);
            }

            @Override
            public void onProtocolError(Target t, String detail) {
                warnings.add(detail);
            }
        };
        LoopWorker worker = new LoopWorker(
                ctx,
                loopOwner.eventLoop(),
                Transport.NIO,
                0,
                1,
                List.of(neverDialled),
                noTls,
                recorders,
                gauges,
                dialWatcher);
        pool = worker.pool(0);
    }

    @AfterEach
    void tearDown() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        ctx.release();
        // A dial from an embedded event loop fails at once and would be reported here.
        assertThat(dials).as("the pool never dials").isEmpty();
        assertThat(pool.connecting()).isZero();
    }

    /** An established connection in the pool, over an embedded channel instead of a socket. */
    private EmbeddedChannel connect() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        handlers.put(ch, pool.adopt(ch));
        return ch;
    }

    /** The connection handler of {@code ch} (kept here: a closed embedded channel empties its pipeline). */
    private Connection handler(EmbeddedChannel ch) {
        return handlers.get(ch);
    }

    /** The smallest recorded value, as the true value's upper bound (HdrHistogram keeps 3 digits). */
    private static long min(org.HdrHistogram.Histogram h) {
        return h.highestEquivalentValue(h.getMinValue());
    }

    private void submit(int request, long intendedStartNanos) {
        // As LoopWorker dispatches: the schedule lag is measured at the dispatch.
        long now = System.nanoTime();
        recorders[request].recordScheduled(intendedStartNanos, now);
        pool.submit(Tags.of(request, 0, false), request, intendedStartNanos, now);
    }

    private static String written(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        assertThat(b).as("a request was written").isNotNull();
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    private static void answer(EmbeddedChannel ch, String response) {
        ch.writeInbound(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1));
    }

    private Stats drain(int request) {
        Stats s = new Stats();
        recorders[request].cut();
        recorders[request].addCutTo(s);
        return s;
    }

    @Test
    void sendsTheEncodedRequestAndRecordsTheResponse() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        assertThat(written(ch)).isEqualTo(GET);
        assertThat(handler(ch).state).isEqualTo(Connection.State.BUSY);
        assertThat(pool.outstanding()).isEqualTo(1);

        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        answer(ch, response);
        Stats s = drain(REQUEST_GET);
        assertThat(s.scheduled()).isEqualTo(1);
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.status(200)).isEqualTo(1);
        assertThat(s.errors()).isZero();
        assertThat(s.bytesSent()).isEqualTo(GET.length());
        assertThat(s.bytesReceived()).isEqualTo(response.length());
        assertThat(s.responseTime().getTotalCount()).isEqualTo(1);
        assertThat(s.serviceTime().getTotalCount()).isEqualTo(1);
        assertThat(s.scheduleLag().getTotalCount()).isEqualTo(1);
        // Kept alive, back in the pool.
        assertThat(ch.isOpen()).isTrue();
        assertThat(handler(ch).state).isEqualTo(Connection.State.IDLE);
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void aLargeRequestGoesOutOnEveryConnectionFromOneCopyOfItsBytes() {
        // A 50 MiB body over 64 connections was 64 copies of it, 3.2 GB: a copy per connection.
        byte[] body = new byte[Pool.LARGE_REQUEST_BYTES + 1];
        java.util.Arrays.fill(body, (byte) 'x');
        RequestSpec upload =
                new RequestSpec("upload", "t", "POST", "/u", List.of(), body, dev.gale.plan.StatusSet.SUCCESS, 1, 0);
        setUp(2, 2, List.of(upload));
        byte[] expected = RequestEncoder.encode(upload, ctx.plan.targets().get(0), true);
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();

        submit(0, System.nanoTime());
        submit(0, System.nanoTime());
        ByteBuf a = first.readOutbound();
        ByteBuf b = second.readOutbound();
        try {
            assertThat(ByteBufUtil.getBytes(a)).isEqualTo(expected);
            assertThat(ByteBufUtil.getBytes(b)).isEqualTo(expected);
            assertThat(memoryOf(a)).as("the bytes both connections wrote").isSameAs(memoryOf(b));
        } finally {
            a.release();
            b.release();
        }
        // Both writes gave it back: the run's reference is the only one left.
        assertThat(ctx.sharedRequests[0].refCnt()).isEqualTo(1);

        // The next request on a connection writes the same bytes again, from the same memory.
        answer(first, OK_EMPTY);
        submit(0, System.nanoTime());
        ByteBuf again = first.readOutbound();
        try {
            assertThat(ByteBufUtil.getBytes(again)).isEqualTo(expected);
            assertThat(memoryOf(again)).isSameAs(memoryOf(ctx.sharedRequests[0]));
        } finally {
            again.release();
        }
        answer(first, OK_EMPTY);
        answer(second, OK_EMPTY);
        Stats s = drain(0);
        assertThat(s.responses()).isEqualTo(3);
        assertThat(s.bytesSent()).isEqualTo(3L * expected.length);
    }

    /** The buffer that holds {@code b}'s bytes, under any duplicate, slice or leak-tracking wrapper. */
    private static ByteBuf memoryOf(ByteBuf b) {
        ByteBuf root = b;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root;
    }

    @Test
    void aSmallRequestIsWrittenFromEachConnectionsOwnCopyAndSharesNothing() {
        // The closed-model hot path: a request of at most LARGE_REQUEST_BYTES is the connection's own buffer,
        // retained and rewound for each request, with no duplicate made.
        assertThat(ctx.sharedRequests).containsOnlyNulls();
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        ByteBuf first = ch.readOutbound();
        assertThat(first.unwrap()).isNull();
        first.release();
        answer(ch, OK_EMPTY);
        submit(REQUEST_GET, System.nanoTime());
        ByteBuf second = ch.readOutbound();
        try {
            assertThat(second).isSameAs(first);
            assertThat(second.toString(StandardCharsets.ISO_8859_1)).isEqualTo(GET);
        } finally {
            second.release();
        }
        answer(ch, OK_EMPTY);
        assertThat(drain(REQUEST_GET).responses()).isEqualTo(2);
    }

    @Test
    void latencyIsMeasuredFromTheIntendedStart() {
        EmbeddedChannel ch = connect();
        // Intended a whole second ago: the response time includes that second, the service time does not.
        submit(REQUEST_GET, System.nanoTime() - SECOND);
        written(ch);
        answer(ch, "HTTP/1.1 204 No Content\r\n\r\n");
        Stats s = drain(REQUEST_GET);
        assertThat(min(s.responseTime())).isGreaterThanOrEqualTo(1_000_000);
        assertThat(min(s.scheduleLag())).isGreaterThanOrEqualTo(1_000_000);
        assertThat(s.serviceTime().getMaxValue()).isLessThan(1_000_000);
    }

    @Test
    void requestsWaitOldestFirstAndReuseTheKeptAliveConnection() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        submit(REQUEST_HEAD, System.nanoTime());
        submit(REQUEST_GET, System.nanoTime());
        // One connection: the first goes out, the other two wait.
        assertThat(written(ch)).isEqualTo(GET);
        assertThat(ch.outboundMessages()).isEmpty();
        assertThat(pool.outstanding()).isEqualTo(3);

        answer(ch, OK_EMPTY);
        assertThat(written(ch)).isEqualTo(HEAD);
        // A HEAD response announces a body it does not have.
        answer(ch, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        assertThat(written(ch)).isEqualTo(GET);
        answer(ch, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

        Stats get = drain(REQUEST_GET);
        Stats head = drain(REQUEST_HEAD);
        assertThat(get.responses()).isEqualTo(2);
        assertThat(get.status(200)).isEqualTo(1);
        assertThat(get.status(404)).isEqualTo(1);
        assertThat(get.errors(ErrorKind.STATUS)).isEqualTo(1);
        assertThat(head.responses()).isEqualTo(1);
        assertThat(pool.outstanding()).isZero();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aRequestSentOnceAConnectionIsFreeIsCountedWithItsWaitNotOneSentAtOnceNorOneThatGaveUp() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime()); // the connection is free: sent at once
        written(ch);
        long now = System.nanoTime();
        // Both found the one connection busy: one 2 s ago, past the 1 s acquire timeout, one 500 ms ago.
        queuedAt(REQUEST_HEAD, now - 2 * SECOND);
        queuedAt(REQUEST_GET, now - 500 * MS);
        answer(ch, OK_EMPTY);
        assertThat(written(ch)).isEqualTo(GET);
        answer(ch, OK_EMPTY);

        Stats get = drain(REQUEST_GET);
        assertThat(get.responses()).isEqualTo(2);
        assertThat(get.waitedForConnection()).isEqualTo(1);
        assertThat(get.longestConnectionWaitNanos()).isBetween(500 * MS, SECOND);
        Stats head = drain(REQUEST_HEAD);
        assertThat(head.errors(ErrorKind.ACQUIRE_TIMEOUT)).isEqualTo(1);
        assertThat(head.waitedForConnection())
                .as("gave up waiting: counted as acquire_timeout, with its own line")
                .isZero();
        assertThat(head.longestConnectionWaitNanos()).isZero();
    }

    /** Request {@code request} dispatched at {@code nowNanos}, when it was due, to the pool. */
    private void queuedAt(int request, long nowNanos) {
        recorders[request].recordScheduled(nowNanos, nowNanos);
        pool.submit(Tags.of(request, 0, false), request, nowNanos, nowNanos);
    }

    @Test
    void aRequestOnAKeptAliveConnectionTheServerClosedIsResentOnANewConnectionNotAnIdleOne() {
        EmbeddedChannel idle = connect();
        EmbeddedChannel used = connect();
        // The idle stack is LIFO: the connection established last is used first.
        sendASecondRequestOn(used);
        // The server had given up on the kept-alive connection: it closes without a byte of response.
        used.close();
        assertResentOnceOnANewConnection(idle);
    }

    @Test
    void aResetOnAKeptAliveConnectionBeforeAnyByteIsResentOnANewConnection() {
        EmbeddedChannel idle = connect();
        EmbeddedChannel used = connect();
        sendASecondRequestOn(used);
        used.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
        assertResentOnceOnANewConnection(idle);
    }

    @Test
    void afterAStopARequestAStaleConnectionDroppedIsCancelledNotSentAgain() {
        EmbeddedChannel idle = connect(); // fills the pool: it dials nothing
        EmbeddedChannel used = connect();
        sendASecondRequestOn(used);
        pool.cancelWaiting(System.nanoTime()); // Ctrl-C: nothing more is sent
        used.close();

        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.cancelled())
                .as("not the target's failure: given up on at the stop")
                .isEqualTo(1);
        assertThat(s.errors()).isZero();
        assertThat(s.retries()).isZero();
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(pool.outstanding()).as("no resend waits for a connection").isZero();
        assertThat(idle.outboundMessages()).isEmpty();
    }

    @Test
    void aResendThatFailsOnItsNewConnectionIsCountedNotResentAgain() {
        EmbeddedChannel idle = connect(); // fills the pool: it dials nothing
        EmbeddedChannel used = connect();
        sendASecondRequestOn(used);
        used.close();
        EmbeddedChannel fresh = connect();
        assertThat(written(fresh)).isEqualTo(GET);
        // A new connection the server closes before answering: nothing stale about it, the failure is the server's.
        fresh.close();

        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.errors(ErrorKind.CLOSED)).isEqualTo(1);
        assertThat(s.retries()).isEqualTo(1);
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(pool.outstanding()).isZero();
        assertThat(idle.outboundMessages()).isEmpty();
    }

    @Test
    void aResendWaitingForANewConnectionTimesOutAsAnyWaitingRequest() {
        EmbeddedChannel idle = connect();
        EmbeddedChannel used = connect();
        sendASecondRequestOn(used);
        used.close();
        // The 1 s acquire timeout passes and no new connection came: the idle one was never a candidate.
        pool.sweep(System.nanoTime() + 2 * SECOND);

        assertThat(idle.outboundMessages()).isEmpty();
        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.errors(ErrorKind.ACQUIRE_TIMEOUT)).isEqualTo(1);
        assertThat(s.retries()).isZero();
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aResendWhoseNewConnectionFailsToOpenFailsWithThatErrorThoughOtherConnectionsAreOpen() {
        // Room for a second connection: the pool dials one for the resend, and the dial fails at once (see
        // aDialThatFailsBeforeItsChannelIsRegisteredFailsTheWaitingRequests), as a connect does against a
        // server that refuses new connections while its old ones stay open.
        setUp(2, 2);
        EmbeddedChannel idle = connect();
        EmbeddedChannel used = connect();
        sendASecondRequestOn(used);
        used.close();

        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.errors(ErrorKind.OTHER))
                .as("the error of the connection it waited for, not an acquire timeout seconds later")
                .isEqualTo(1);
        assertThat(s.retries()).as("never sent again").isZero();
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(pool.outstanding()).isZero();
        assertThat(idle.outboundMessages()).isEmpty();
        // The failed dial and the ones tried again at once before a cool-down, each failing alike.
        assertThat(dials).hasSize(1 + Pool.FAILURES_RETRIED_AT_ONCE).allMatch(d -> d.startsWith("other: "));
        dials.clear();
    }

    @Test
    void withoutAQueueAClosedConnectionIsReplacedForTheNextRequestButNotAfterAStop() {
        // Without a queue no request waits for a connection, so a closed one is replaced at once, ready for
        // the next request: here the dial fails at once (an embedded event loop cannot dial), which shows it.
        setUp(2, 0);
        EmbeddedChannel replaced = connect();
        replaced.close();
        assertThat(dials)
                .as("replaced while requests are still to come (and tried again at once as it fails)")
                .hasSize(1 + Pool.FAILURES_RETRIED_AT_ONCE);
        dials.clear();

        EmbeddedChannel ch = connect();
        pool.cancelWaiting(System.nanoTime()); // Ctrl-C: no request will come
        ch.close();
        assertThat(dials).as("not replaced after the stop").isEmpty();
    }

    /** A request on {@code ch} is answered, and a second one goes out on it: a kept-alive connection that served. */
    private void sendASecondRequestOn(EmbeddedChannel ch) {
        submit(REQUEST_GET, System.nanoTime());
        assertThat(written(ch)).isEqualTo(GET);
        answer(ch, OK_EMPTY);
        submit(REQUEST_GET, System.nanoTime());
        assertThat(written(ch)).isEqualTo(GET);
    }

    /**
     * The second request of {@link #sendASecondRequestOn} waits for a new connection, not {@code idle}, which
     * could be as stale as the one that failed; it goes out once more on the next connection established, and
     * is answered. (The pool holds one connection at most, and {@code idle} fills it: the pool dials nothing,
     * and the test brings the new connection up itself.)
     */
    private void assertResentOnceOnANewConnection(EmbeddedChannel idle) {
        assertThat(idle.outboundMessages()).as("nothing on the idle connection").isEmpty();
        assertThat(pool.outstanding()).as("waiting for a new connection").isEqualTo(1);
        EmbeddedChannel fresh = connect();
        assertThat(written(fresh)).as("resent on the new connection").isEqualTo(GET);
        answer(fresh, OK_EMPTY);

        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(2);
        assertThat(s.errors()).isZero();
        assertThat(s.sent()).as("first attempts").isEqualTo(2);
        assertThat(s.retries()).isEqualTo(1);
        assertThat(s.waitedForConnection())
                .as("a resend waits for a connection opened for it, whatever the pool holds: no sign of a busy pool")
                .isZero();
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(pool.outstanding()).isZero();
        assertThat(handler(idle).state).isEqualTo(Connection.State.IDLE);
        assertThat(idle.outboundMessages()).isEmpty();
    }

    @Test
    void aRequestAlreadyPastItsTimeoutIsFailedWithoutUsingAConnection() {
        EmbeddedChannel ch = connect();
        // Intended 20 s ago, with a 10 s request timeout: gale was stalled longer than the timeout.
        submit(REQUEST_GET, System.nanoTime() - 20 * SECOND);

        assertThat(ch.outboundMessages()).as("nothing written").isEmpty();
        Stats s = drain(REQUEST_GET);
        assertThat(s.errors(ErrorKind.REQUEST_TIMEOUT)).isEqualTo(1);
        assertThat(s.sent()).isZero();
        assertThat(s.responseTime().getTotalCount())
                .as("recorded at its elapsed time")
                .isEqualTo(1);
        assertThat(handler(ch).state).isEqualTo(Connection.State.IDLE);
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void whatDoesNotFitInTheQueueIsDropped() {
        EmbeddedChannel ch = connect();
        for (int i = 0; i < 5; i++) {
            submit(REQUEST_GET, System.nanoTime());
        }
        written(ch);
        Stats s = drain(REQUEST_GET);
        // One in flight, two waiting (the queue holds two), two dropped.
        assertThat(s.scheduled()).isEqualTo(5);
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.dropped()).isEqualTo(2);
        assertThat(pool.outstanding()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            answer(ch, OK_EMPTY);
        }
        Stats after = drain(REQUEST_GET);
        assertThat(after.responses()).isEqualTo(3);
        assertThat(after.waitedForConnection())
                .as("the two that waited, not the dropped ones")
                .isEqualTo(2);
        assertThat(s.dropped() + after.responses()).isEqualTo(s.scheduled());
    }

    @Test
    void connectionCloseFromTheServerClosesTheConnectionAfterTheResponse() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        assertThat(drain(REQUEST_GET).responses()).isEqualTo(1);
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler(ch).state).isEqualTo(Connection.State.CLOSED);
    }

    @Test
    void bytesAfterACompleteResponseMakeTheConnectionUnusable() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokSURPRISE");
        assertThat(drain(REQUEST_GET).responses()).isEqualTo(1);
        assertThat(ch.isOpen()).isFalse();
        String why = "8 bytes after a complete response, in the same read: \"SURPRISE\"";
        assertThat(warnings).containsExactly(why + "; gale closed the connection");
        assertThat(closedAfterExtraBytes()).as("gale closed it: counted").isEqualTo(1);
        assertThat(ctx.firstErrors.extraBytesByTarget()).containsExactly(why);
    }

    @Test
    void aResponseNoRequestAskedForClosesTheConnectionAndIsCounted() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, OK_EMPTY);
        answer(ch, "\r\nHTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy");
        assertThat(ch.isOpen()).isFalse();
        String why = "46 bytes after a complete response, while no request was out: \"HTTP/1.1 503 Busy\\r\\n...\"";
        assertThat(warnings).containsExactly(why + "; gale closed the connection");
        assertThat(closedAfterExtraBytes()).isEqualTo(1);
        assertThat(ctx.firstErrors.extraBytesByTarget()).containsExactly(why);
    }

    @Test
    void everyConnectionClosedAfterBytesBeyondAResponseIsCountedAndTheFirstDescribed() {
        setUp(2, 2);
        EmbeddedChannel a = connect();
        EmbeddedChannel b = connect();
        submit(REQUEST_GET, System.nanoTime());
        submit(REQUEST_GET, System.nanoTime());
        written(a);
        written(b);
        answer(a, OK_EMPTY + "first");
        answer(b, OK_EMPTY + "second");
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(closedAfterExtraBytes()).isEqualTo(2);
        assertThat(warnings).hasSize(1);
        assertThat(ctx.firstErrors.extraBytesByTarget())
                .containsExactly("5 bytes after a complete response, in the same read: \"first\"");
    }

    @Test
    void aConnectionTheServerClosesAnywayIsNotCountedAsClosedByGale() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nokSURPRISE");
        assertThat(ch.isOpen()).isFalse();
        assertThat(closedAfterExtraBytes()).isZero();
        assertThat(warnings).as("still told").hasSize(1);
    }

    @Test
    void aServerThatSaysWhyItClosesAnIdleConnectionBreaksNothing() {
        // RFC 9110, 15.5.9: a server may send 408 on an idle connection it is about to close.
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, OK_EMPTY);
        assertThat(handler(ch).state).isEqualTo(Connection.State.IDLE);
        answer(ch, "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(ch.isOpen()).as("closed, as the server said it would be").isFalse();
        assertThat(closedAfterExtraBytes()).as("the server closes it, not gale").isZero();
        assertThat(warnings).as("no broken HTTP/1.1").isEmpty();
    }

    @Test
    void aConnectionWhoseOutputWasShutIsNotUsedAgainNorCountedAsClosedByGale() {
        // Netty shuts the output down when a write fails and says so with an event, on every transport and
        // over TLS, where the failed write itself is not reported.
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        ch.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelOutputShutdownEvent.INSTANCE);
        answer(ch, OK_EMPTY);
        assertThat(ch.isOpen())
                .as("a clean keep-alive answer, but nothing more can be sent on it")
                .isFalse();
        assertThat(drain(REQUEST_GET).responses()).isEqualTo(1);

        EmbeddedChannel other = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(other);
        other.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelOutputShutdownEvent.INSTANCE);
        answer(other, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokSURPRISE");
        assertThat(closedAfterExtraBytes()).as("it could not have stayed open").isZero();
    }

    /** Connections of the target that gale closed after bytes beyond a response, as the collector reads them. */
    private long closedAfterExtraBytes() {
        return collector.levels().get(0).closedAfterExtraBytes();
    }

    @Test
    void anEmptyLineBeforeTheNextResponseKeepsTheConnectionWhicheverReadItComesIn() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        // RFC 9112, 2.2: a client SHOULD ignore at least one empty line before a status line.
        answer(ch, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok\r\n");
        assertThat(ch.isOpen()).as("with the response").isTrue();
        assertThat(handler(ch).state).isEqualTo(Connection.State.IDLE);
        answer(ch, "\r");
        answer(ch, "\n");
        assertThat(ch.isOpen()).as("while no request is out, in two reads").isTrue();
        submit(REQUEST_GET, System.nanoTime());
        assertThat(written(ch)).as("the same connection").isEqualTo(GET);
        answer(ch, "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(2);
        assertThat(s.errors()).isZero();
        assertThat(ch.isOpen()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void moreThanAFewEmptyLinesAfterAResponseCloseTheConnection() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, OK_EMPTY + "\r\n\r\n\r\n");
        assertThat(ch.isOpen()).isTrue();
        answer(ch, "\r\n\r\n");
        assertThat(ch.isOpen()).as("the fifth").isFalse();
        assertThat(drain(REQUEST_GET).responses()).isEqualTo(1);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void bytesThatComeWhileNoRequestIsOutCountAsRead() {
        // Counted with the request the connection last carried: the transfer figure is every byte read.
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        answer(ch, response);
        answer(ch, "\r\n");
        String second = "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy";
        answer(ch, second);
        assertThat(ch.isOpen()).isFalse();
        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.bytesReceived()).isEqualTo(response.length() + 2 + second.length());
    }

    @Test
    void bytesNobodyAskedForCloseAnIdleConnection() {
        // Before any request: no response for them to be beyond, and nothing gale could have reused.
        EmbeddedChannel ch = connect();
        answer(ch, "HTTP/1.1 200 OK\r\n\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(pool.outstanding()).isZero();
        assertThat(warnings)
                .containsExactly(
                        "19 bytes before any request: \"HTTP/1.1 200 OK\\r\\n...\"; gale closed the connection");
        assertThat(closedAfterExtraBytes()).isZero();
    }

    @Test
    void anHttp2ServersFirstFrameOnANewConnectionIsNamed() {
        EmbeddedChannel ch = connect();
        ch.writeInbound(Unpooled.wrappedBuffer(ReceivedBytesTest.SETTINGS));
        assertThat(ch.isOpen()).isFalse();
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("27 bytes before any request: \"\\x00\\x00\\x12\\x04")
                .endsWith("(an HTTP/2 SETTINGS frame: the server answered in HTTP/2; gale speaks HTTP/1.1 only);"
                        + " gale closed the connection");
    }

    @Test
    void anInvalidResponseIsAProtocolError() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, "THIS IS NOT HTTP\r\n\r\n");
        Stats s = drain(REQUEST_GET);
        assertThat(s.errors(ErrorKind.PROTOCOL)).isEqualTo(1);
        assertThat(s.responses()).isZero();
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(ch.isOpen()).isFalse();
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void anInvalidResponseIsDescribedWithTheBytesReceived() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, "HTTP/2 200\r\nContent-Length: 0\r\n\r\n");
        assertThat(drain(REQUEST_GET).errors(ErrorKind.PROTOCOL)).isEqualTo(1);
        assertThat(warnings)
                .containsExactly("not an HTTP/1.x status line: \"HTTP/2 200\\r\\n\""
                        + " (the server answered in HTTP/2; gale speaks HTTP/1.1 only)");
    }

    @Test
    void aServerThatAnswersWithATlsAlertAndClosesIsAProtocolErrorThatSaysSo() {
        // What a TLS server may answer to a request in clear text, before it closes: not 'closed', but why.
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        ch.writeInbound(Unpooled.wrappedBuffer(ReceivedBytesTest.TLS_ALERT));
        assertThat(ch.isOpen())
                .as("7 bytes may still be the start of something")
                .isTrue();
        ch.close();
        Stats s = drain(REQUEST_GET);
        assertThat(s.errors(ErrorKind.PROTOCOL)).isEqualTo(1);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.PROTOCOL);
        assertThat(s.bytesReceived()).isEqualTo(ReceivedBytesTest.TLS_ALERT.length);
        assertThat(pool.outstanding()).isZero();
        assertThat(warnings).singleElement().asString().endsWith("(the server answered with TLS: use https://)");
    }

    @Test
    void aServerThatClosesMidBodyCausesAClosedError() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        String partial = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHello";
        answer(ch, partial);
        ch.close();
        Stats s = drain(REQUEST_GET);
        assertThat(s.errors(ErrorKind.CLOSED)).isEqualTo(1);
        assertThat(s.responses()).isZero();
        assertThat(s.bytesReceived()).isEqualTo(partial.length());
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void aBodyWithoutFramingEndsWhenTheServerCloses() {
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        written(ch);
        answer(ch, "HTTP/1.1 200 OK\r\n\r\nall of it");
        assertThat(drain(REQUEST_GET).responses()).isZero();
        ch.close();
        Stats s = drain(REQUEST_GET);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.status(200)).isEqualTo(1);
        assertThat(s.errors()).isZero();
    }

    @Test
    void sweepTimesOutASilentRequestAtItsReadTimeout() {
        EmbeddedChannel ch = connect();
        long intended = System.nanoTime();
        submit(REQUEST_GET, intended);
        written(ch);
        pool.sweep(intended + 2 * SECOND);
        assertThat(handler(ch).state).isEqualTo(Connection.State.BUSY);
        // The default read timeout is 3 s.
        pool.sweep(intended + 3_100 * MS);
        Stats s = drain(REQUEST_GET);
        assertThat(s.errors(ErrorKind.READ_TIMEOUT)).isEqualTo(1);
        // Recorded at its elapsed time, about 3.1 s.
        assertThat(s.responseTime().getTotalCount()).isEqualTo(1);
        assertThat(min(s.responseTime())).isGreaterThanOrEqualTo(3_000_000);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void sweepTimesOutARequestThatWaitedTooLongForAConnection() {
        EmbeddedChannel ch = connect();
        long now = System.nanoTime();
        submit(REQUEST_GET, now);
        submit(REQUEST_HEAD, now);
        written(ch);
        // The pool's acquire timeout is 1 s; the request in flight is still within its read timeout.
        pool.sweep(now + 1_500 * MS);
        Stats head = drain(REQUEST_HEAD);
        assertThat(head.errors(ErrorKind.ACQUIRE_TIMEOUT)).isEqualTo(1);
        assertThat(head.sent()).isZero();
        assertThat(head.responseTime().getTotalCount()).isEqualTo(1);
        assertThat(head.serviceTime().getTotalCount()).isZero();
        assertThat(pool.outstanding()).isEqualTo(1);
        assertThat(handler(ch).state).isEqualTo(Connection.State.BUSY);
    }

    @Test
    void sweepClosesConnectionsIdleLongerThanTheIdleTimeout() {
        EmbeddedChannel ch = connect();
        long now = System.nanoTime();
        pool.sweep(now + 29 * SECOND);
        assertThat(ch.isOpen()).isTrue();
        // The default idle timeout is 30 s.
        pool.sweep(now + 31 * SECOND);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void abortFailsWhatIsInFlightAndWaiting() {
        EmbeddedChannel ch = connect();
        long now = System.nanoTime();
        submit(REQUEST_GET, now);
        submit(REQUEST_HEAD, now);
        written(ch);
        pool.abort(ErrorKind.CANCELLED, now + MS);
        assertThat(drain(REQUEST_GET).errors(ErrorKind.CANCELLED)).isEqualTo(1);
        assertThat(drain(REQUEST_HEAD).errors(ErrorKind.CANCELLED)).isEqualTo(1);
        assertThat(pool.outstanding()).isZero();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDialThatFailsBeforeItsChannelIsRegisteredFailsTheWaitingRequests() {
        // The one connection dies while a second request waits, so the pool dials. A socket channel cannot be
        // registered with an embedded event loop: the dial fails before the channel is registered, as it does
        // when no socket can be created (too many open files). No connection is attempted.
        EmbeddedChannel ch = connect();
        submit(REQUEST_GET, System.nanoTime());
        submit(REQUEST_HEAD, System.nanoTime());
        written(ch);
        ch.close();
        assertThat(drain(REQUEST_GET).errors(ErrorKind.CLOSED)).isEqualTo(1);
        Stats waiting = drain(REQUEST_HEAD);
        assertThat(waiting.errors(ErrorKind.OTHER)).isEqualTo(1);
        assertThat(waiting.completed()).isEqualTo(waiting.scheduled());
        assertThat(pool.outstanding()).isZero();
        assertThat(dials).hasSize(1 + Pool.FAILURES_RETRIED_AT_ONCE).allMatch(d -> d.startsWith("other: "));
        dials.clear();
    }
}
