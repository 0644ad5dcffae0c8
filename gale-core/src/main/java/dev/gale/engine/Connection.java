package dev.gale.engine;

import dev.gale.record.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.channel.unix.Socket;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One client connection to a target and the request it carries: at most one at a time (no pipelining).
 * The last handler of the pipeline; it feeds response bytes to a {@link ResponseParser} and tells its
 * {@link Pool} when the connection is ready, when a response completes and when something fails.
 *
 * <p>Runs only on its pool's event loop. A request of at most {@link Pool#LARGE_REQUEST_BYTES} is written from a
 * per-connection copy of the template that is retained and rewound for each request, so sending it allocates
 * nothing. A larger one is written from the run's one copy of it ({@link RunContext#sharedRequests}), through a
 * duplicate per write, so that its body takes memory once, not once per connection; its write gets a promise that
 * reports progress, to count its bytes as the socket takes them.
 *
 * <p>A server may answer before it has read the whole request, as one refusing a body too large does ({@code
 * 413}), and close the connection on the rest: that answer is the request's outcome. If the server keeps the
 * connection, the rest of the body still goes out (the server reads it to find the next request) and the
 * connection is used again; if it closes it, the rest is not sent. A write that fails leaves the connection open
 * to read ({@link Dialer}): what the server sent before it closed is read, and the request fails only if no
 * complete response is in it, as the write did.
 */
final class Connection extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
    enum State {
        CONNECTING,
        IDLE,
        BUSY,
        CLOSED
    }

    private final Pool pool;
    private final ResponseParser parser = new ResponseParser();
    /** The run's shared copies of its large requests, by template; null for a small one ({@link RunContext}). */
    private final ByteBuf[] sharedRequests;
    /** This connection's copies of the small requests, by template; null for a shared one. */
    private final ByteBuf[] requestBuffers;
    /** A large request's progress on the wire is watched through the kernel: see {@link #lookAtAcks}. */
    private boolean watchingAcks;
    /** {@code tcpi_bytes_acked} at the last look at the watched request, or -1 before the first look. */
    private long bytesAcked;
    /** When {@link #bytesAcked} was last looked at, or the send before the first look. */
    private long ackedLookNanos;

    Channel channel;
    State state = State.CONNECTING;
    /** Counted in the pool's open connections. Pool-owned. */
    boolean open;
    /** In the pool's idle stack. Pool-owned. */
    boolean inIdle;
    /** Counted in the pool's connecting connections. Pool-owned. */
    boolean connectingCounted;
    /** When it last became idle. Pool-owned. */
    long idleSinceNanos;

    // The request in flight (valid while BUSY).
    int tag;
    long intendedStartNanos;
    long sentAtNanos;
    long lastActivityNanos;
    long bytesIn;
    int served;
    /**
     * Why the request's write failed, kept while what the server sent before it closed is read; null if the write
     * did not fail. Set only for a request of at most {@link Pool#LARGE_REQUEST_BYTES}, whose failed write Netty
     * reports here: a larger one reports to its {@code written} listener, and with no answer it fails as {@code
     * closed}.
     */
    private Throwable writeFailure;
    /** The channel's output was shut down (a write failed): nothing more can be sent on it. */
    private boolean outputShut;
    /** A large request's write is still going out (its progress listener has not completed). Loop-owned. */
    boolean writing;
    /**
     * Answered while its body was still going out, on a connection the server keeps: free for the next request
     * once the rest is out ({@link Pool}). Loop-owned.
     */
    boolean draining;

    /**
     * @param sharedRequests per template, the run's one copy of a large request, or null ({@link
     *     RunContext#sharedRequests})
     */
    Connection(Pool pool, ByteBuf[] sharedRequests) {
        this.pool = pool;
        this.sharedRequests = sharedRequests;
        this.requestBuffers = new ByteBuf[sharedRequests.length];
    }

    /**
     * Copies every small request template (the run shares the others) into this connection's own direct
     * buffers: done once when the connection is established (before the run starts for pre-opened ones), so
     * sending never allocates. The pool sends nothing on a connection before this, nor after its channel closed.
     *
     * @throws OutOfMemoryError if the direct memory has no room for them: none is kept then
     */
    void prepare(byte[][] templates) {
        try {
            for (int i = 0; i < requestBuffers.length; i++) {
                if (sharedRequests[i] == null) {
                    requestBuffers[i] =
                            channel.alloc().directBuffer(templates[i].length).writeBytes(templates[i]);
                }
            }
        } catch (OutOfMemoryError e) {
            releaseBuffers();
            throw e;
        }
    }

    /**
     * Writes request {@code request} (template index) with the given tag.
     *
     * @param written told of the bytes as the socket takes them (a large body), or null: no one asks
     */
    void send(
            int tag,
            int request,
            long intendedStartNanos,
            long nowNanos,
            byte[] bytes,
            boolean head,
            ChannelProgressiveFutureListener written) {
        this.tag = tag;
        this.intendedStartNanos = intendedStartNanos;
        this.sentAtNanos = nowNanos;
        this.lastActivityNanos = nowNanos;
        this.bytesIn = 0;
        this.writeFailure = null;
        this.state = State.BUSY;
        parser.reset(head);
        // The kernel tells a large body's progress; it is first asked a sweep later (most are answered by then).
        watchingAcks = written != null && channel instanceof EpollSocketChannel;
        bytesAcked = -1;
        ackedLookNanos = nowNanos;
        Object msg;
        ByteBuf own = requestBuffers[request];
        if (own == null) {
            // A large request, of which the run holds one copy: this write reads it through indices of its own, and
            // holds it until the socket has taken all of it (or the write failed). No copy, whatever the size; over
            // TLS, in pieces, so that what is encrypted for it at a time is not as large.
            msg = pool.chunks()
                    ? new RequestChunks(sharedRequests[request])
                    : sharedRequests[request].retainedDuplicate();
        } else if (own.refCnt() == 1) {
            own.retain();
            own.readerIndex(0);
            msg = own;
        } else {
            // The previous write of this template still holds its buffer: rewinding it would corrupt that write.
            // Only a guard: a connection answered early is used again once its body has gone out (Pool).
            msg = Unpooled.wrappedBuffer(bytes);
        }
        if (written == null) {
            channel.writeAndFlush(msg, channel.voidPromise());
        } else {
            channel.writeAndFlush(msg, channel.newProgressivePromise().addListener(written));
        }
    }

    /**
     * True if the kernel tells this request's progress on the wire ({@link #lookAtAcks}): then only what the server
     * acknowledges is progress, not the bytes the socket takes (it takes more when its buffer grows, as it does
     * on an acknowledgement of nothing new).
     */
    boolean watchesAcks() {
        return watchingAcks;
    }

    /**
     * Looks at how much of a large request the server has acknowledged, if it is watched (epoll, Linux 4.6 or
     * later): if more than at the last look, the request made progress when the last acknowledgement came (a
     * little later if a zero-window probe or a retransmission was answered since), and {@link #lastActivityNanos}
     * moves there. At the first look, any acknowledgement since the send is progress. Only the bytes acknowledged
     * count: the kernel also sends probes and retransmissions to a server that stopped reading, and gets answers
     * to them, which move TCP_INFO's times of the last data sent and the last acknowledgement received but not its
     * bytes acknowledged. Stops watching once the write is done and every byte of it is acknowledged (the wait for
     * the answer counts from the last), or where the kernel cannot tell (the channel closed, an older kernel,
     * where the bytes the socket takes stand in). One system call, no allocation; the pool calls it every sweep
     * for a request it may time out, so that progress is dated to within a sweep.
     */
    void lookAtAcks(long nowNanos) {
        if (!watchingAcks) {
            return;
        }
        ByteBuffer tcpInfo = readTcpInfo();
        if (tcpInfo == null) {
            watchingAcks = false;
            return;
        }
        long acked = tcpInfo.getLong(TCPI_BYTES_ACKED);
        if (acked != bytesAcked) {
            long lastAckNanos = nowNanos - Integer.toUnsignedLong(tcpInfo.getInt(TCPI_LAST_ACK_RECV)) * 1_000_000L;
            // After the last look, which saw less acknowledged (the kernel counts in milliseconds); at the first, if
            // after the send (lastActivityNanos is no earlier).
            long progressNanos = bytesAcked < 0 ? lastAckNanos : Math.max(lastAckNanos, ackedLookNanos);
            lastActivityNanos = Math.max(lastActivityNanos, progressNanos);
            bytesAcked = acked;
        }
        ackedLookNanos = nowNanos;
        if (!writing && tcpInfo.getInt(TCPI_UNACKED) == 0 && tcpInfo.getInt(TCPI_NOTSENT_BYTES) == 0) {
            watchingAcks = false;
        }
    }

    /**
     * The kernel's {@code struct tcp_info} for this connection, up to {@code tcpi_notsent_bytes}, in the pool's one
     * buffer ({@link Pool#tcpInfo}), to read before any other connection of the pool reads its own; null where it
     * cannot be read (NIO, the channel closed) or lacks {@code tcpi_notsent_bytes} (Linux before 4.6, which leaves it
     * as it was).
     */
    private ByteBuffer readTcpInfo() {
        if (!(channel instanceof EpollSocketChannel epoll && epoll.isActive() && epoll.fd() instanceof Socket socket)) {
            return null;
        }
        ByteBuffer tcpInfo = pool.tcpInfo(TCP_INFO_BYTES);
        tcpInfo.putInt(TCPI_NOTSENT_BYTES, -1);
        try {
            socket.getRawOpt(IPPROTO_TCP, TCP_INFO, tcpInfo);
        } catch (IOException | ChannelException failed) {
            // Closed (EBADF) is an IOException; any other getsockopt error a ChannelException, which, escaping into
            // the pool's sweep, would cancel the sweep and every timeout of the loop for the rest of the run.
            return null;
        }
        return tcpInfo.getInt(TCPI_NOTSENT_BYTES) != -1 ? tcpInfo : null;
    }

    // Linux's getsockopt(IPPROTO_TCP, TCP_INFO) and the offsets in its struct tcp_info (linux/tcp.h) of what is read.
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_INFO = 11;
    private static final int TCPI_UNACKED = 24;
    private static final int TCPI_LAST_ACK_RECV = 56;
    private static final int TCPI_BYTES_ACKED = 120;
    private static final int TCPI_NOTSENT_BYTES = 144;
    private static final int TCP_INFO_BYTES = TCPI_NOTSENT_BYTES + 4;

    /**
     * True if the request can still go out whole: no write of it failed and the channel's output is not shut down
     * (Netty shuts it down when a write fails, and says so with an event on every transport and over TLS, where
     * the failed write itself is not reported). Reads fields: no allocation, no lock, no system call.
     */
    private boolean canFinishSending() {
        return writeFailure == null && !outputShut;
    }

    /** True if the response so far has no byte: a reused connection that died idle can be retried. */
    boolean nothingReceived() {
        return bytesIn == 0;
    }

    void close() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            if (channel != null) {
                channel.close();
            }
        }
    }

    // Connect result (TCP).
    @Override
    public void operationComplete(ChannelFuture future) {
        if (!future.isSuccess()) {
            pool.onConnectFailed(this, Failures.ofConnect(future.cause()), future.cause());
        } else if (!pool.tls()) {
            pool.onConnected(this);
        }
        // With TLS the connection is ready once the handshake completes: see userEventTriggered.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (state == State.CONNECTING) {
                if (handshake.isSuccess()) {
                    pool.onConnected(this);
                } else {
                    pool.onConnectFailed(
                            this,
                            Failures.ofHandshakeFailure(handshake.cause()),
                            Failures.ofHandshake(handshake.cause()));
                    close();
                }
            }
            return;
        }
        if (evt instanceof ChannelOutputShutdownEvent) {
            outputShut = true;
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (state != State.BUSY) {
                unasked(in);
                return;
            }
            bytesIn += in.readableBytes();
            lastActivityNanos = System.nanoTime();
            int result = parser.parse(in);
            if (result == ResponseParser.COMPLETE) {
                int surplus = in.readableBytes();
                // Empty lines may come before the next status line (RFC 9112, 2.2): skipped, as in a later read.
                boolean extra = surplus > 0 && !parser.skipEmptyLines(in);
                // The server keeps the connection, and a write that failed has not shut its output: an answer
                // before the request went out whole (a 413 refusing the body) leaves it to the pool to use again
                // once the rest is out (RFC 9112, 9.3); one whose close failed a write leaves it unusable.
                boolean mayStayOpen = parser.keepAlive() && canFinishSending();
                if (extra) {
                    // Sent with the response, beyond its end (a Content-Length shorter than the body? a second
                    // response?): it is complete as framed, but the connection can no longer be trusted.
                    pool.extraBytes(in, surplus, "in the same read", mayStayOpen, tag);
                }
                state = State.IDLE;
                pool.onResponse(this, parser.status(), mayStayOpen && !extra, lastActivityNanos);
            } else if (result == ResponseParser.INVALID) {
                pool.onInvalidResponse(this, parser::error, lastActivityNanos);
            }
        } finally {
            in.release();
        }
    }

    /**
     * Bytes came while no request was out: counted as read; empty lines before the next status line are skipped
     * (RFC 9112, 2.2); anything else means the connection can no longer be trusted (which response would answer
     * the next request?), and it is closed. Bytes after gale closed it are not looked at.
     */
    private void unasked(ByteBuf in) {
        int unasked = in.readableBytes();
        if (served > 0) {
            pool.receivedUnasked(this, unasked);
        }
        if (state == State.CLOSED || (state == State.IDLE && parser.skipEmptyLines(in))) {
            return;
        }
        if (served > 0 && announcesClose(in)) {
            // A server closing an idle connection may say why first, as a response with Connection: close (a 408,
            // RFC 9110 15.5.9): no broken HTTP, and the server, not gale, closes it.
            close();
            return;
        }
        if (served > 0) {
            pool.extraBytes(in, unasked, "while no request was out", true, tag);
        } else {
            // Before any request, no response for them to be beyond: a server that speaks first (HTTP/2?).
            pool.protocolError(() -> ReceivedBytes.count(unasked) + " before any request: " + ReceivedBytes.describe(in)
                    + "; gale closed the connection");
        }
        close();
    }

    /**
     * True if {@code in} holds a whole response whose server is closing the connection, as the parser reads its
     * head (Connection: close, or HTTP/1.0 without keep-alive). Reads a copy of {@code in}, with the parser no
     * request is using now: only for bytes no request asked for.
     */
    private boolean announcesClose(ByteBuf in) {
        parser.reset(false);
        return parser.parse(in.duplicate()) == ResponseParser.COMPLETE && !parser.keepAlive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.CLOSED;
        releaseBuffers();
        if (was == State.BUSY) {
            long now = System.nanoTime();
            if (parser.readsUntilClose()) {
                parser.completeAtClose();
                pool.onResponse(this, parser.status(), false, now);
            } else if (parser.invalidAtClose()) {
                pool.onInvalidAtClose(this, parser::error, now);
            } else if (writeFailure != null) {
                // The write failed, and what the server sent before it closed was no complete answer: the request
                // fails as the write did.
                Throwable cause = writeFailure;
                ErrorKind kind = Failures.ofConnection(cause);
                pool.describe(kind, () -> Failures.describe(cause));
                pool.onClosedWhileBusy(this, kind, now);
            } else {
                pool.onClosedWhileBusy(this, ErrorKind.CLOSED, now);
            }
        }
        pool.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.BUSY && cause instanceof ChannelOutputShutdownException) {
            // The write failed (Netty shut the output down): the server closed the connection, perhaps after
            // answering. Read on; the connection closes when the server's side ends (channelInactive).
            if (writeFailure == null) {
                writeFailure = cause;
            }
            return;
        }
        if (state == State.BUSY) {
            ErrorKind kind = Failures.ofConnection(cause);
            pool.describe(kind, () -> Failures.describe(cause));
            pool.onFailure(this, kind, System.nanoTime());
        } else if (state == State.CONNECTING) {
            pool.onConnectFailed(this, Failures.ofConnect(cause), cause);
        }
        close();
    }

    private void releaseBuffers() {
        for (int i = 0; i < requestBuffers.length; i++) {
            ByteBuf b = requestBuffers[i];
            if (b != null) {
                requestBuffers[i] = null;
                b.release();
            }
        }
    }
}
