package dev.gale.engine;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.PoolGauges;
import dev.gale.record.RequestRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * One target's connections on one event loop: a bounded pool with a wait queue. Requests take an idle
 * connection, or wait (highest priority first, then oldest first) for a new one dialled for them or, while
 * the queue has room, for a busy one; a request that can have neither is dropped.
 * Connections are reused while the server allows keep-alive, evicted after the idle timeout, and after a
 * failed connect no new connection is dialled until the cool-down has passed; meanwhile, requests that
 * find no connection at all fail at once with the connect error, so a dead target is not hammered.
 * A request that a kept-alive connection dropped before answering, and that may go out again ({@link
 * #retryable}), goes out on the next connection to be established, never on an idle one (see {@link #retry}).
 *
 * <p>Owned by one event loop: every method runs on it. Each target has its own pools, so a slow or dead
 * target can only ever hold its own connections (bulkheads).
 */
final class Pool {
    private final LoopWorker worker;
    private final RunContext ctx;
    private final Target target;
    /** The target's index in the plan. */
    private final int index;

    private final int maxConnections;
    private final int queueCapacity;
    private final boolean keepAlive;
    private final long readTimeoutNanos;
    private final long acquireTimeoutNanos;
    private final long requestTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long cooldownNanos;
    private final Dialer dialer;
    private final PoolGauges gauges;

    private final ArrayList<Connection> connections = new ArrayList<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final PriorityWaitQueue queue;
    /**
     * Requests to send again, oldest first, each waiting for a newly established connection: a resend takes
     * such a connection before the {@link #queue}, and never takes an idle or a released one.
     */
    private final PriorityWaitQueue resends = new PriorityWaitQueue(1);

    private int open;
    private int connecting;
    private int inFlight;
    private long cooldownUntilNanos;
    private int consecutiveConnectFailures;
    private ErrorKind lastConnectError = ErrorKind.CONNECT_REFUSED;

    /** Set when the run ends and its connections close: a closed connection is then not replaced. */
    private boolean ending;
    /** The run was stopped: nothing more is sent, not even a request once more ({@link #retryable}). */
    private boolean stopped;
    /** A protocol error of this target was reported to the listener (one is enough). */
    private boolean protocolReported;
    /** Bytes beyond a response were described to the worker (the first is enough). */
    private boolean extraBytesDescribed;
    /** One bit per {@link ErrorKind} (by ordinal) whose cause this pool has passed on: see {@link #describe}. */
    private int described;
    /** Why the last connection that found no direct memory for its requests failed; null if none did. */
    private OutOfMemoryError noDirectMemory;
    /** When ({@link System#nanoTime()}) that connection failed. */
    private long noDirectMemoryAtNanos;

    /**
     * How long after a connection found no direct memory for its copies of the requests the connections that open
     * fail at once, with its error, without trying: each try costs the loop up to half a second, which the JVM
     * spends collecting garbage and sleeping before it gives up on an allocation.
     */
    static final long NO_DIRECT_MEMORY_NANOS = 1_000_000_000L;

    Pool(
            LoopWorker worker,
            RunContext ctx,
            Target target,
            int index,
            Dialer dialer,
            int maxConnections,
            int queueCapacity,
            PoolGauges gauges) {
        this.worker = worker;
        this.ctx = ctx;
        this.target = target;
        this.index = index;
        this.dialer = dialer;
        this.maxConnections = maxConnections;
        this.queueCapacity = queueCapacity;
        this.gauges = gauges;
        this.queue = new PriorityWaitQueue(ctx.priorityLevels);
        ConnectionSettings s = target.connections();
        this.keepAlive = s.keepAlive();
        this.readTimeoutNanos = s.readTimeout().toNanos();
        this.acquireTimeoutNanos = s.acquireTimeout().toNanos();
        this.requestTimeoutNanos = s.requestTimeout().toNanos();
        this.idleTimeoutNanos = s.idleTimeout().toNanos();
        this.cooldownNanos = s.cooldown().toNanos();
    }

    boolean tls() {
        return dialer.tls();
    }

    /** True if a large request goes out as {@link RequestChunks} (see {@link Dialer}). */
    boolean chunks() {
        return dialer.chunks();
    }

    /**
     * The buffer the pool's connections read the kernel's TCP_INFO into, made at the first look ({@link
     * Connection#lookAtAcks}): one per pool, since they read it on its loop and are done with it before the next.
     * Direct: Netty hands its address to getsockopt, where a heap buffer's array is copied in and out through JNI.
     */
    ByteBuffer tcpInfo(int bytes) {
        if (tcpInfo == null) {
            tcpInfo = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        return tcpInfo.clear();
    }

    private ByteBuffer tcpInfo;

    /** Requests sent and not complete, plus requests waiting (to be sent again too). */
    int outstanding() {
        return inFlight + queue.size() + resends.size();
    }

    /**
     * A request wants to go now.
     *
     * @param tag see {@link Tags}
     * @param request the request's index in the plan
     * @param intendedStartNanos when it was meant to be sent ({@link System#nanoTime()} scale)
     */
    void submit(int tag, int request, long intendedStartNanos, long nowNanos) {
        if (nowNanos - intendedStartNanos > requestTimeoutNanos) {
            // So far behind that it is over before it starts: do not spend a connection on it.
            fail(tag, ErrorKind.REQUEST_TIMEOUT, intendedStartNanos, 0, nowNanos, 0);
            worker.requestEnded(tag, false, nowNanos);
            return;
        }
        Connection c = pollIdle();
        if (c != null) {
            send(c, tag, request, intendedStartNanos, nowNanos);
            return;
        }
        if (open + connecting == 0 && nowNanos < cooldownUntilNanos) {
            // The target just refused us and nothing is alive: fail now rather than queue for nothing.
            worker.recorder(tag).recordFailedAtOnce(lastConnectError);
            worker.requestEnded(tag, true, nowNanos);
            return;
        }
        // The queue bounds the wait for a busy connection: a request that a new connection can be opened for
        // waits for that one even when the queue is full (or 0), and there are never more of those than free
        // places in the pool.
        if (queue.size() >= queueCapacity && !mayDial(1, nowNanos)) {
            worker.recorder(tag).recordDropped();
            worker.requestEnded(tag, true, nowNanos);
            return;
        }
        queue.addLast(ctx.priorityLevel[request], tag, intendedStartNanos, nowNanos);
        dial(0, nowNanos);
    }

    /**
     * The most recently used idle connection that is still open. A connection the server (or the sweep)
     * has just closed can still be in the stack until its close event runs; it is skipped here.
     */
    private Connection pollIdle() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.inIdle = false;
            if (c.channel.isActive() && c.state == Connection.State.IDLE) {
                return c;
            }
        }
        return null;
    }

    private void send(Connection c, int tag, int request, long intendedStartNanos, long nowNanos) {
        inFlight++;
        byte[] bytes = ctx.requestBytes[request];
        RequestRecorder recorder = worker.recorder(tag);
        // A small request goes into the socket at once; a large body may take long, or never go (a server
        // that does not read it), so its bytes are counted as the socket takes them.
        boolean large = bytes.length > LARGE_REQUEST_BYTES;
        // Before the write: it may complete within send(), its listener clearing this at once.
        c.writing = large;
        c.send(
                tag,
                request,
                intendedStartNanos,
                nowNanos,
                bytes,
                ctx.head[request],
                large ? new Written(c, recorder, bytes.length) : null);
        long counted = large ? 0 : bytes.length;
        if (Tags.retried(tag)) {
            recorder.recordResent(counted);
        } else {
            recorder.recordSent(counted);
        }
    }

    /** Requests larger than this (Netty's default write-buffer high-water mark) count their bytes as written. */
    static final int LARGE_REQUEST_BYTES = 64 * 1024;

    /**
     * Counts a large request's bytes as its socket takes them: as the write progresses, and the rest when it
     * completes (over TLS as each piece of {@link RequestChunks} has gone out, which may count the few pieces
     * queued behind it too). A failed write leaves uncounted what never went. Where the kernel cannot tell what
     * the server acknowledged (NIO), each step is activity on the connection, so the read timeout counts from the
     * last one: the socket takes more mostly as the server acknowledges what it read, so a body the server reads
     * slowly is no read timeout while it moves. With epoll, only acknowledgements are ({@link
     * Connection#lookAtAcks}), since the socket also takes more when its buffer grows, with nothing acknowledged.
     * Runs on the pool's event loop.
     */
    private final class Written implements ChannelProgressiveFutureListener {
        private final Connection connection;
        private final RequestRecorder recorder;
        private final long size;
        private long counted;

        Written(Connection connection, RequestRecorder recorder, long size) {
            this.connection = connection;
            this.recorder = recorder;
            this.size = size;
        }

        @Override
        public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
            count(Math.min(progress, size));
            if (!connection.watchesAcks()) {
                connection.lastActivityNanos = System.nanoTime();
            }
        }

        @Override
        public void operationComplete(ChannelProgressiveFuture future) {
            connection.writing = false;
            if (future.isSuccess()) {
                count(size);
                if (!connection.watchesAcks()) {
                    connection.lastActivityNanos = System.nanoTime();
                }
            }
            if (connection.draining) {
                connection.draining = false;
                drained(connection, future.isSuccess());
            }
        }

        private void count(long upTo) {
            if (upTo > counted) {
                recorder.recordBytesSent(upTo - counted);
                counted = upTo;
            }
        }
    }

    /**
     * Opens up to {@code count} connections before the run starts, as wrk does, so that connection set-up
     * is not mistaken for the server's latency in the first second. They wait in the idle stack. Stops at the
     * first dial that fails at once (no socket could be created: too many open files): the next would fail
     * the same way, and a failed dial adds nothing to {@code open + connecting}, so it would never end.
     */
    void preconnect(int count) {
        int n = Math.min(count, maxConnections);
        while (open + connecting < n && consecutiveConnectFailures == 0) {
            connect();
        }
    }

    /** Connect attempts still in progress. */
    int connecting() {
        return connecting;
    }

    /**
     * Dials until there is a connection in progress for every waiting request (to be sent again or not), plus
     * {@code extra}, within the pool's limits and cool-down. A dial can fail at once, emptying the queues and
     * starting a cool-down, so both are looked at again after each.
     */
    private void dial(int extra, long nowNanos) {
        while (mayDial(extra, nowNanos)) {
            connect();
        }
    }

    /** True if {@link #dial} would open a connection now: one more is wanted for the queue plus {@code extra}. */
    private boolean mayDial(int extra, long nowNanos) {
        // After a failure, probe with one connection at a time until one succeeds.
        return nowNanos >= cooldownUntilNanos
                && open + connecting < maxConnections
                && (consecutiveConnectFailures == 0 || connecting == 0)
                && connecting < queue.size() + resends.size() + extra;
    }

    private void connect() {
        Connection c = new Connection(this, ctx.sharedRequests);
        track(c);
        ChannelFuture f = dialer.connect(c);
        c.channel = f.channel();
        if (f.isDone()) {
            // Already over, as when no socket could be created (too many open files): Netty completes such a
            // future on its GlobalEventExecutor, so a listener would run off this loop. Handle it here.
            c.operationComplete(f);
        } else {
            f.addListener(c);
        }
    }

    /**
     * Takes in a channel that is already established, as if it had just connected, and returns its
     * connection: for tests and benchmarks, which run connections over an {@code EmbeddedChannel} instead
     * of a socket.
     */
    Connection adopt(Channel channel) {
        Connection c = new Connection(this, ctx.sharedRequests);
        c.channel = channel;
        channel.pipeline().addLast("http", c);
        track(c);
        onConnected(c);
        return c;
    }

    private void track(Connection c) {
        connections.add(c);
        connecting++;
        c.connectingCounted = true;
    }

    void onConnected(Connection c) {
        if (c.state != Connection.State.CONNECTING) {
            return;
        }
        if (noDirectMemory != null && System.nanoTime() - noDirectMemoryAtNanos < NO_DIRECT_MEMORY_NANOS) {
            connectFailed(c, ErrorKind.OTHER, noDirectMemory);
            return;
        }
        try {
            c.prepare(ctx.requestBytes);
        } catch (OutOfMemoryError e) {
            if (!DirectMemory.exhausted(e)) {
                throw e; // the heap: not this connection's failure to open
            }
            // No direct memory left for its copies of the requests: it could send nothing, so it failed to open, and
            // the summary says why. Thrown from here, it went to Netty's log, and the connection sat open and unused.
            noDirectMemory = e;
            noDirectMemoryAtNanos = System.nanoTime();
            connectFailed(c, ErrorKind.OTHER, e);
            return;
        }
        c.connectingCounted = false;
        connecting--;
        open++;
        c.open = true;
        consecutiveConnectFailures = 0;
        cooldownUntilNanos = 0;
        gauges.connected();
        long now = System.nanoTime();
        // A new connection goes first to a request to send again: no other kind of connection may take one.
        if (!sendOldest(resends, c, now)) {
            release(c, now);
        }
    }

    void onConnectFailed(Connection c, ErrorKind kind, Throwable cause) {
        if (c.state == Connection.State.CONNECTING) {
            connectFailed(c, kind, cause);
        }
    }

    /**
     * Connect failures in a row (no connect succeeding between them) that are tried again at once before a
     * cool-down starts: with many connects in flight, two sporadic failures can end next to each other.
     */
    static final int FAILURES_RETRIED_AT_ONCE = 2;

    /**
     * A connect attempt failed: counted, and the requests waiting for it are answered for, unless the run closed
     * it: closing its connections, gale ends the connects still in progress (a TLS handshake then fails as if
     * the server had closed), and the target did not fail.
     */
    private void connectFailed(Connection c, ErrorKind kind, Throwable cause) {
        if (ending) {
            giveUpConnecting(c);
            return;
        }
        long now = System.nanoTime();
        giveUpConnecting(c);
        gauges.connectFailed();
        consecutiveConnectFailures++;
        lastConnectError = kind;
        worker.connectFailed(index, kind, cause);
        if (consecutiveConnectFailures <= FAILURES_RETRIED_AT_ONCE && kind != ErrorKind.CONNECT_TIMEOUT) {
            // A failure among connects that succeed (a local port the client could not bind, a server shedding a
            // connection) is tried again at once, one connect at a time (mayDial), before any cool-down: a
            // cool-down that failed every request for its length turned 1% of failed connects into 84% of failed
            // requests with keep-alive off. More failures in a row, as a dead target gives within a millisecond,
            // start it; so does a connect that timed out, whose retry would keep its requests waiting as long again.
            worker.loopExecute(() -> dial(0, System.nanoTime()));
            return;
        }
        cooldownUntilNanos = now + cooldownNanos;
        if (open + connecting == 0) {
            failQueued(kind, now);
        } else if (resends.size() > connecting) {
            // Every new connection goes first to a resend, and no connect still in progress is left for the
            // oldest: this one was its second attempt. The open connections cannot take it: it fails with this
            // connection's error, not with an acquire timeout after a cool-down that a target refusing new
            // connections would never end.
            failHead(resends, kind, now);
        }
        if (cooldownNanos == 0) {
            // Dial again from the loop, not from here: a connect that fails at once (too many open files)
            // would otherwise recurse through connect() and onConnectFailed().
            worker.loopExecute(() -> dial(0, System.nanoTime()));
        } else {
            dial(0, now);
        }
    }

    /**
     * A connection is free: give it the oldest waiting request of the highest priority, or put it in the
     * idle stack.
     */
    private void release(Connection c, long nowNanos) {
        if (sendOldest(queue, c, nowNanos)) {
            return;
        }
        c.state = Connection.State.IDLE;
        c.inIdle = true;
        c.idleSinceNanos = nowNanos;
        idle.addFirst(c); // LIFO: hot connections stay hot, cold ones age out
    }

    /**
     * Sends the head of {@code waiting} on {@code c}, failing the heads that timed out while they waited; false
     * if none was left to send.
     */
    private boolean sendOldest(PriorityWaitQueue waiting, Connection c, long nowNanos) {
        while (!waiting.isEmpty()) {
            int tag = waiting.headTag();
            long intended = waiting.headIntended();
            long enqueued = waiting.headEnqueued();
            waiting.removeHead();
            ErrorKind expired = expired(intended, enqueued, nowNanos);
            if (expired != null) {
                fail(tag, expired, intended, 0, nowNanos, 0);
                worker.requestEnded(tag, false, nowNanos);
                continue;
            }
            if (waiting == queue) {
                // Not a resend, which waits for a connection opened for it whatever the pool holds.
                worker.recorder(tag).recordWaited(nowNanos - enqueued);
            }
            send(c, tag, ctx.requestOf(tag), intended, nowNanos);
            return true;
        }
        return false;
    }

    private ErrorKind expired(long intended, long enqueued, long nowNanos) {
        if (nowNanos - intended > requestTimeoutNanos) {
            return ErrorKind.REQUEST_TIMEOUT;
        }
        if (nowNanos - enqueued > acquireTimeoutNanos) {
            return ErrorKind.ACQUIRE_TIMEOUT;
        }
        return null;
    }

    void onResponse(Connection c, int status, boolean reusable, long nowNanos) {
        inFlight--;
        c.served++;
        int tag = c.tag;
        worker.lastAnsweredSendNanos = Math.max(worker.lastAnsweredSendNanos, c.sentAtNanos);
        RequestRecorder recorder = worker.recorder(tag);
        recorder.recordResponse(
                status,
                ctx.expected[ctx.requestOf(tag)].contains(status),
                c.intendedStartNanos,
                c.sentAtNanos,
                nowNanos,
                c.bytesIn);
        if (Tags.closedUser(tag)) {
            if (worker.usersStopped(nowNanos)) {
                recorder.recordAnsweredAfterEnd();
            }
        } else if (nowNanos >= worker.notingLateFromNanos) {
            // Perhaps past the measured time, which is known only at the end: the run decides then.
            worker.noteLate(tag, nowNanos);
        }
        if (keptOpen(reusable, tag) && c.state == Connection.State.IDLE) {
            if (c.writing) {
                // Answered while its body is still going out (a 413 a server sends at the head, reading on): the
                // connection is free once the rest is out, not before, so that no request waits behind the rest
                // of a body, its service time counting that upload, or dies with it if the server closes.
                c.draining = true;
            } else {
                release(c, nowNanos);
            }
        } else {
            closeAndFree(c);
        }
        worker.requestEnded(tag, false, nowNanos);
    }

    /**
     * True if a connection whose last response and writes allow it ({@code allowed}) stays open for the next
     * request: keep-alive is on, and the request of {@code tag} did not send Connection: close. The one rule for
     * using a connection again and for counting one gale closed after bytes beyond a response.
     */
    private boolean keptOpen(boolean allowed, int tag) {
        return allowed && keepAlive && !ctx.closes[ctx.requestOf(tag)];
    }

    /**
     * {@code bytes} were read on {@code c}, which has served a response, while no request was out on it: counted as
     * read, with the request it last carried.
     */
    void receivedUnasked(Connection c, int bytes) {
        worker.recorder(c.tag).recordBytesReceived(bytes);
    }

    /**
     * The rest of the body of a request answered early on {@code c} has gone out ({@code whole}) or failed to: the
     * connection is free for the next request, or closed. Nothing to do if it closed meanwhile (its place is freed
     * then). Runs on the loop, as the write's listener.
     */
    private void drained(Connection c, boolean whole) {
        if (c.state != Connection.State.IDLE || !c.open) {
            return;
        }
        if (whole && !ending) { // closing its connections, the run has closed the idle ones already
            release(c, System.nanoTime());
        } else {
            closeAndFree(c);
        }
    }

    /**
     * Closes {@code c} and frees its place in the pool at once, not when the close event runs later, so
     * that the request that follows (a closed-model user's next one, with {@code --no-keepalive} or after a
     * failure) can dial a new connection instead of finding the pool full.
     */
    private void closeAndFree(Connection c) {
        c.close();
        if (c.open) {
            c.open = false;
            open--;
        }
    }

    /**
     * The target sent what is not HTTP, or bytes before any request: says so to the run's listener, once
     * per pool ({@code detail} is built only then, so a target answering garbage at full rate costs nothing more
     * per response).
     */
    void protocolError(Supplier<String> detail) {
        if (!protocolReported) {
            protocolReported = true;
            worker.protocolError(index, detail.get());
        }
    }

    /**
     * The target sent {@code count} bytes on a connection that no request asked for, after a complete response
     * ({@code when}: {@code in the same read}, or {@code while no request was out}); {@code rest} holds them from the
     * first that is not an empty line. The connection can no longer be trusted, and its caller closes it: if it
     * {@code wouldStayOpen} (the response allowed keep-alive and the request can still go out whole), keep-alive is
     * on and the request of {@code tag} did not send Connection: close, gale closed it, and it is counted
     * ({@link PoolGauges#closedAfterExtraBytes}). The first of each pool is described to the worker, and only that
     * one: {@code rest} is read then.
     */
    void extraBytes(ByteBuf rest, int count, String when, boolean wouldStayOpen, int tag) {
        if (keptOpen(wouldStayOpen, tag)) {
            gauges.closedAfterExtraBytes();
        }
        if (!extraBytesDescribed) {
            extraBytesDescribed = true;
            worker.extraBytes(
                    index,
                    ReceivedBytes.count(count) + " after a complete response, " + when + ": "
                            + ReceivedBytes.describe(rest));
        }
    }

    /**
     * A request is failing as {@code kind}, for the reason {@code detail} gives: passes the reason on for the
     * summary, once per pool and kind, and only for the kinds a count does not explain ({@link
     * FirstErrors#described}); {@code detail} is built only then.
     */
    void describe(ErrorKind kind, Supplier<String> detail) {
        int bit = 1 << kind.ordinal();
        if ((described & bit) == 0) {
            described |= bit;
            worker.requestFailed(index, kind, detail);
        }
    }

    /**
     * The response on {@code c} is not HTTP, as {@code detail} says: says so to the listener ({@link
     * #protocolError}) and for the summary ({@link #describe}), and fails the request as {@code protocol}.
     */
    void onInvalidResponse(Connection c, Supplier<String> detail, long nowNanos) {
        protocolError(detail);
        describe(ErrorKind.PROTOCOL, detail);
        onFailure(c, ErrorKind.PROTOCOL, nowNanos);
    }

    /** The request on {@code c} failed; the connection is closed. */
    void onFailure(Connection c, ErrorKind kind, long nowNanos) {
        if (c.state == Connection.State.BUSY) {
            requestFailed(c, kind, nowNanos);
        }
    }

    /**
     * The server closed {@code c} while a request was on it (the connection is already marked closed), after bytes
     * that are not HTTP, as {@code detail} says: as {@link #onInvalidResponse}.
     */
    void onInvalidAtClose(Connection c, Supplier<String> detail, long nowNanos) {
        protocolError(detail);
        describe(ErrorKind.PROTOCOL, detail);
        requestFailed(c, ErrorKind.PROTOCOL, nowNanos);
    }

    /**
     * {@code c} closed while a request was on it, with no complete response (the connection is already marked
     * closed): the request fails as {@code kind}, {@code closed} or the kind of the write that failed first.
     */
    void onClosedWhileBusy(Connection c, ErrorKind kind, long nowNanos) {
        requestFailed(c, kind, nowNanos);
    }

    /** The request on {@code c} ends with {@code kind}, or goes out once more ({@link #retryable}, {@link #retry}). */
    private void requestFailed(Connection c, ErrorKind kind, long nowNanos) {
        inFlight--;
        int tag = c.tag;
        closeAndFree(c);
        if ((kind == ErrorKind.RESET || kind == ErrorKind.CLOSED) && retryable(c, tag)) {
            if (!stopped) {
                retry(c, tag, nowNanos);
                return;
            }
            // Not the target's failure (it would go out again), and not sent again after a stop: given up on.
            kind = ErrorKind.CANCELLED;
        }
        fail(tag, kind, c.intendedStartNanos, c.sentAtNanos, nowNanos, c.bytesIn);
        worker.requestEnded(tag, false, nowNanos);
    }

    /**
     * True if the request on {@code c} went out on a kept-alive connection that the server had already
     * given up on: it answered nothing, the connection had served before, and this is the first attempt.
     * HTTP clients send such a request once more (RFC 9112, 9.3.1), if its method is idempotent: a POST is
     * counted as failed, since the server may have acted on it (RFC 9110, 9.2.2). The second attempt goes out
     * on a new connection ({@link #retry}), which the server cannot have given up on before it answered
     * anything: if it fails too, the failure is the server's own and is counted. After a stop nothing is sent,
     * so nothing is sent again either: the request is counted as cancelled, as the stop's other casualties.
     */
    private boolean retryable(Connection c, int tag) {
        return c.nothingReceived() && c.served > 0 && !Tags.retried(tag) && ctx.idempotent[ctx.requestOf(tag)];
    }

    /**
     * Sends the request on {@code c} again on the next connection to be established (one is dialled for it),
     * before any waiting request. Not on an idle connection: one the server closed in the same moment as
     * {@code c} (it closes each after so many requests, or all idle ones at its keep-alive timeout) still looks
     * open until its close is read, so the resend would fail as the first attempt did. {@code c} has just left
     * the pool, so there is room to dial, unless a failed connect started a cool-down: then the resend waits
     * for the next dial, as a request waiting for a new connection does; if the connection dialled for it fails
     * to open, so does the resend, with that error. The wait for the connection counts in its latency, measured
     * from the intended start, and in its acquire timeout.
     */
    private void retry(Connection c, int tag, long nowNanos) {
        resends.addLast(0, Tags.markRetried(tag), c.intendedStartNanos, nowNanos);
        dial(0, nowNanos);
    }

    /** {@code c}'s channel is closed, for whatever reason. */
    void onClosed(Connection c) {
        if (c.connectingCounted) {
            // Closed before it was ready: a failed connect.
            connectFailed(c, ErrorKind.CLOSED, null);
            return;
        }
        if (c.open) {
            c.open = false;
            open--;
        }
        if (c.inIdle) {
            c.inIdle = false;
            idle.remove(c);
        }
        connections.remove(c);
        long now = System.nanoTime();
        // Without a queue no waiting request asks for a connection: replace this one for the next request,
        // unless no request is to come (the run was stopped, or its users have) or the run is closing its
        // connections.
        if (!ending) {
            boolean more = !stopped && !worker.usersStopped(now);
            dial(queueCapacity == 0 && more ? 1 : 0, now);
        }
    }

    private void fail(int tag, ErrorKind kind, long intended, long sentAt, long nowNanos, long bytes) {
        worker.recorder(tag).recordFailure(kind, intended, sentAt, nowNanos, bytes);
    }

    /** Fails every request waiting, to be sent again or not, as {@code kind}. */
    private void failQueued(ErrorKind kind, long nowNanos) {
        failAll(resends, kind, nowNanos);
        failAll(queue, kind, nowNanos);
    }

    private void failAll(PriorityWaitQueue waiting, ErrorKind kind, long nowNanos) {
        while (!waiting.isEmpty()) {
            failHead(waiting, kind, nowNanos);
        }
    }

    /** Fails the oldest request of {@code waiting} (of its highest priority), which never had a connection. */
    private void failHead(PriorityWaitQueue waiting, ErrorKind kind, long nowNanos) {
        int tag = waiting.headTag();
        long intended = waiting.headIntended();
        waiting.removeHead();
        fail(tag, kind, intended, 0, nowNanos, 0);
        worker.requestEnded(tag, true, nowNanos);
    }

    /** Periodic: timeouts of requests in flight and waiting, idle eviction, gauges. */
    void sweep(long nowNanos) {
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            if (c.state == Connection.State.BUSY) {
                if (nowNanos - c.intendedStartNanos > requestTimeoutNanos) {
                    onFailure(c, ErrorKind.REQUEST_TIMEOUT, nowNanos);
                } else if (stalled(c, nowNanos)) {
                    onFailure(c, ErrorKind.READ_TIMEOUT, nowNanos);
                }
            } else if (c.inIdle && nowNanos - c.idleSinceNanos > idleTimeoutNanos) {
                c.close();
            } else if (c.draining && stalled(c, nowNanos)) {
                // The rest of an early-answered body stopped going out: the server neither reads nor closes.
                c.draining = false;
                closeAndFree(c);
            }
        }
        failExpired(resends, nowNanos);
        failExpired(queue, nowNanos);
        dial(0, nowNanos);
        updateGauges();
    }

    /**
     * True if nothing has moved on {@code c} for the read timeout: no byte read, and no progress of its request on
     * the wire, which the kernel tells where the transport can ask it: the bytes the server acknowledged, looked at
     * on every sweep while a large request may still have some to acknowledge (a body the server reads slowly is
     * still going out: the wait then starts after the last acknowledgement). Elsewhere the bytes the socket took
     * tell it ({@link Written}). For a request waiting for its answer, and for the rest of a body answered early.
     */
    private boolean stalled(Connection c, long nowNanos) {
        c.lookAtAcks(nowNanos);
        return nowNanos - c.lastActivityNanos > readTimeoutNanos;
    }

    /** Fails the requests of {@code waiting} that timed out: each level's head, oldest first, until one has not. */
    private void failExpired(PriorityWaitQueue waiting, long nowNanos) {
        for (int level = 0; level < waiting.levels(); level++) {
            WaitQueue q = waiting.level(level);
            while (!q.isEmpty()) {
                ErrorKind expired = expired(q.headIntended(), q.headEnqueued(), nowNanos);
                if (expired == null) {
                    break;
                }
                int tag = q.headTag();
                long intended = q.headIntended();
                waiting.removeHead(level);
                fail(tag, expired, intended, 0, nowNanos, 0);
                worker.requestEnded(tag, false, nowNanos);
            }
        }
    }

    void updateGauges() {
        gauges.levels(open, connecting, inFlight, queue.size() + resends.size());
    }

    /** The run was stopped: requests waiting for a connection are never sent, and count as cancelled. */
    void cancelWaiting(long nowNanos) {
        stopped = true;
        failQueued(ErrorKind.CANCELLED, nowNanos);
        updateGauges();
    }

    /** Ends everything at once: waiting and in-flight requests fail with {@code kind}; all connections close. */
    void abort(ErrorKind kind, long nowNanos) {
        ending = true;
        failQueued(kind, nowNanos);
        for (Connection c : new ArrayList<>(connections)) {
            switch (c.state) {
                case BUSY -> onFailure(c, kind, nowNanos);
                // Not a failure of the target: give up the attempt without counting it as one.
                case CONNECTING -> giveUpConnecting(c);
                default -> c.close();
            }
        }
        updateGauges();
    }

    /** Stops counting and tracking a connection that is still connecting, and closes its channel. */
    private void giveUpConnecting(Connection c) {
        c.state = Connection.State.CLOSED;
        c.connectingCounted = false;
        connecting--;
        connections.remove(c);
        // A channel that never got registered is closed already, and close() would throw on it.
        if (c.channel != null && c.channel.isRegistered()) {
            c.channel.close();
        }
    }

    /** Closes idle connections (at the end of a run). */
    void closeIdle() {
        ending = true;
        for (Connection c : new ArrayList<>(idle)) {
            c.close();
        }
    }
}
