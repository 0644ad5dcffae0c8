package dev.gale.engine;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Plan;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.schedule.OfferedLoad;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.LongStream;
import javax.net.ssl.SSLException;

/**
 * One execution of a plan: starts the event loops, opens the connections the load starts with, starts the
 * clock once they are open (or have failed), collects a snapshot every second, and when the schedule is over
 * waits for requests still in flight (up to the request timeout) before it builds the {@link RunResult}.
 *
 * <pre>{@code
 * Run run = Run.start(plan, listener);
 * RunResult result = run.await();      // or run.stop() from another thread (Ctrl-C)
 * }</pre>
 *
 * Thread-safe: {@link #stop()} may be called from any thread, any number of times.
 */
public final class Run {
    /** Interval between snapshots. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How long requests in flight are waited for after an interrupt, at most. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** Lead time between building the run and its first intended send. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How early the sampler wakes before a phase boundary, to wait out the rest on the CPU: a timed wake-up
     * comes up to a millisecond late here, and every request sent meanwhile would count in the phase before.
     */
    private static final long BOUNDARY_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * How late the sampler may run and still be on time. Later than that gale itself stalled (a GC pause, a
     * busy machine, {@code SIGSTOP}): the next sample is then the one due after it ran.
     */
    static final long ON_TIME_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Plan plan;
    private final RunListener listener;
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup group;
    private final List<LoopWorker> workers = new ArrayList<>();
    private final List<EventLoop> loops = new ArrayList<>();
    private final Collector collector;
    private final RunContext ctx;
    private Instant startedAt;
    private final ScheduledExecutorService sampler;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final int threads;
    /** The TLS implementation of the run's https connections, as reports name it; null without https targets. */
    private final String tls;

    private volatile boolean stopRequested;
    /** Guards {@link #stopRequested} against the clock's start, and {@link #clockStarted}. */
    private final Object stopLock = new Object();
    /** The clock has started: {@code ctx.runStartNanos} is set and the loops run the schedule. */
    private boolean clockStarted;

    private long lastSampleNanos;
    /** Up to when (nanoseconds after the run start) the plan's arrivals have been counted as offered. */
    private long offeredUntilNanos;
    /** What the plan offers in each interval, whatever the loops managed to take of it. */
    private final OfferedLoad offered;
    /** Per request, its share of the arrivals: the request mix. */
    private final double[] requestShares;
    /** When the run was stopped early, nanoseconds after its start: nothing is due from then on. */
    private volatile long stoppedAtNanos = Long.MAX_VALUE;
    /** Where intervals end besides whole seconds: phase starts and the planned end (see {@link #nextSample}). */
    private final long[] sampleCuts;

    /**
     * Takes {@code ssl} over: released when the loops have ended, or here if the run fails to start, as are the
     * loops, the sampler and the direct memory of the large requests.
     *
     * @throws OutOfDirectMemoryException if the direct memory cannot hold the plan's large requests once
     */
    private Run(Plan plan, RunListener listener, List<InetSocketAddress> addresses, List<SslContext> ssl) {
        this.plan = plan;
        this.listener = listener;
        this.transport = Transport.best();
        this.threads = effectiveThreads(plan);
        this.tls = ssl.stream()
                .filter(Objects::nonNull)
                .findFirst()
                .map(TlsProvider::label)
                .orElse(null);
        // Before the loops: it starts no thread until its first task, and shutDown() always has it.
        this.sampler = newSampler();
        RunContext context = null;
        try {
            // First: it may find no direct memory for the large requests, and then there is no loop to shut down.
            context = new RunContext(plan, threads);
            this.group = transport.newGroup(threads, "gale-loop");
        } catch (RuntimeException | Error e) {
            sampler.shutdownNow();
            if (context != null) {
                context.release();
            }
            ssl.forEach(ReferenceCountUtil::release);
            throw e;
        }
        this.ctx = context;
        // Each loop closes its connections before it terminates: then no connection needs a TLS context, and no
        // write holds a shared request.
        group.terminationFuture().addListener(terminated -> {
            ssl.forEach(ReferenceCountUtil::release);
            ctx.release();
        });
        try {
            this.collector =
                    new Collector(plan.requests().size(), plan.targets().size(), plan.hasWarmup());
            this.offered = OfferedLoad.of(plan);
            this.requestShares = ctx.mix.shares();
            int stripe = 0;
            for (EventExecutor e : group) {
                EventLoop loop = (EventLoop) e;
                loops.add(loop);
                workers.add(new LoopWorker(
                        ctx,
                        loop,
                        transport,
                        stripe++,
                        threads,
                        addresses,
                        ssl,
                        collector.newLoopRecorders(),
                        collector.newLoopGauges(),
                        listener));
            }
            collector.warmUp();
        } catch (RuntimeException | Error e) {
            // A heap that cannot hold the recorders, say: the loops' end gives back what the run holds.
            shutDown();
            throw e;
        }
        // Intervals end at phase boundaries and at the planned end too: no interval spans two phases, and none
        // is a sliver of a second before the end.
        long planned = plan.plannedNanos();
        this.sampleCuts = planned > 0
                ? LongStream.concat(Arrays.stream(ctx.phaseStartNanos), LongStream.of(planned))
                        .toArray()
                : ctx.phaseStartNanos;
    }

    private static ScheduledThreadPoolExecutor newSampler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gale-collector");
            t.setDaemon(true);
            return t;
        });
        // The next sample is a delayed task: at the end it is dropped, not waited for (the last sample is taken
        // when the run ends).
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return s;
    }

    /**
     * Stops the sampler and the event loops; their end closes every connection and gives back the TLS contexts and
     * the shared requests.
     */
    private void shutDown() {
        sampler.shutdownNow();
        group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Every pool needs at least one connection on every loop, so a plan never uses more event loops than
     * its smallest connection limit.
     */
    public static int effectiveThreads(Plan plan) {
        Target least = Plan.leastConnections(plan.targets());
        int t = least == null
                ? plan.threads()
                : Math.min(plan.threads(), least.connections().maxConnections());
        return Math.max(1, t);
    }

    /**
     * Validates the plan, resolves every target and starts the run: its connections open, and the clock starts
     * once they are up, on the run's own thread. Returns as soon as the connects are under way: a run stopped
     * before its clock started ({@link #stop()} while the connections open) sends nothing, and its result says
     * so ({@link RunResult#stoppedWhileConnecting()}).
     *
     * @throws dev.gale.plan.InvalidPlanException if the plan is invalid
     * @throws UnreachableTargetException if a target's host does not resolve
     * @throws OutOfDirectMemoryException if the direct memory cannot hold the plan's large requests once
     */
    public static Run start(Plan plan, RunListener listener) throws UnreachableTargetException, InterruptedException {
        plan.validate();
        List<InetSocketAddress> addresses = new ArrayList<>();
        List<SslContext> ssl = new ArrayList<>();
        try {
            for (Target t : plan.targets()) {
                addresses.add(resolve(t));
                ssl.add(t.tls() ? sslContext(t) : null);
            }
        } catch (UnreachableTargetException e) {
            ssl.forEach(ReferenceCountUtil::release);
            throw e;
        }
        Run run = new Run(plan, listener, addresses, ssl);
        run.begin();
        return run;
    }

    private static InetSocketAddress resolve(Target t) throws UnreachableTargetException {
        try {
            return new InetSocketAddress(InetAddress.getByName(t.host()), t.port());
        } catch (UnknownHostException e) {
            throw new UnreachableTargetException(
                    "cannot resolve host '" + t.host() + "' of " + t.baseUrl() + ". Check the URL", e);
        }
    }

    /** The client TLS context of {@code t}'s connections; the caller releases it (see {@link TlsProvider}). */
    private static SslContext sslContext(Target t) throws UnreachableTargetException {
        try {
            return TlsProvider.chosen().clientContext(t);
        } catch (SSLException e) {
            throw new UnreachableTargetException("cannot set up TLS for " + t.baseUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a plan whose requests over {@link Pool#LARGE_REQUEST_BYTES}, held once per run, do not fit in this JVM's
     * direct memory, before anything is sent or taken: {@link #start} would refuse it too.
     *
     * @throws OutOfDirectMemoryException naming the requests, their size, the limit and the limit to set
     */
    public static void checkDirectMemory(Plan plan) {
        RunContext.checkDirectMemory(plan);
    }

    /**
     * Tries one connection to every target, before any load is sent, so that a typo, a stopped server or a
     * certificate that will not be accepted is reported at once instead of as a run full of errors. For an
     * https target the check includes a TLS handshake with the run's own certificate and host name checks.
     * Both steps are bounded by the target's connect timeout.
     *
     * @throws UnreachableTargetException naming every target that cannot be reached and why, one line each
     */
    public static void checkReachable(Plan plan) throws UnreachableTargetException {
        List<UnreachableTargetException> unreachable = new ArrayList<>();
        for (Target t : plan.targets()) {
            try {
                checkReachable(t);
            } catch (UnreachableTargetException e) {
                unreachable.add(e);
            }
        }
        if (!unreachable.isEmpty()) {
            throw UnreachableTargetException.of(unreachable);
        }
    }

    private static void checkReachable(Target t) throws UnreachableTargetException {
        InetSocketAddress address = resolve(t);
        int timeout = Dialer.connectTimeoutMillis(t);
        try (Socket s = new Socket()) {
            s.connect(address, timeout);
        } catch (IOException e) {
            // A server that accepts and resets at once is reachable: whether its reset beats the connect being
            // seen to succeed is a race, which would make the same server fail here or not from run to run. The
            // run counts what it does to requests (reset); over https the handshake below fails every time.
            if (t.tls() || Failures.ofConnect(e) != ErrorKind.RESET) {
                throw connectFailed(t, e, timeout);
            }
        }
        if (t.tls()) {
            SslContext ssl = sslContext(t);
            try {
                checkHandshake(t, address, ssl, timeout);
            } finally {
                ReferenceCountUtil.release(ssl);
            }
        }
    }

    private static UnreachableTargetException connectFailed(Target t, Throwable e, int timeoutMillis) {
        ErrorKind kind = Failures.ofConnect(e);
        if (kind == ErrorKind.RESET) {
            return new UnreachableTargetException(
                    "cannot connect to " + t.baseUrl() + ": the server accepted the connection and reset it at once."
                            + " Is it overloaded, or refusing this client?",
                    e);
        }
        if (kind == ErrorKind.OTHER) {
            // This machine's own trouble (no local port, no file descriptor): the server may be running.
            return new UnreachableTargetException("cannot connect to " + t.baseUrl() + ": " + Failures.describe(e), e);
        }
        String why = kind == ErrorKind.CONNECT_TIMEOUT
                ? "connect timed out after " + timeoutMillis + " ms"
                : Failures.describe(e).toLowerCase(java.util.Locale.ROOT);
        return new UnreachableTargetException(
                "cannot connect to " + t.baseUrl() + " (" + why + "). Is the server running?", e);
    }

    /** One TLS handshake with {@code ssl}, opened by the {@link Dialer} the run's connections use. */
    private static void checkHandshake(Target t, InetSocketAddress address, SslContext ssl, int timeoutMillis)
            throws UnreachableTargetException {
        Transport transport = Transport.best();
        MultiThreadIoEventLoopGroup group = transport.newGroup(1, "gale-preflight");
        try {
            // The handshake's outcome as its completion event tells it: by the time the connect future is seen
            // here, a failed handshake may have closed the channel and taken the SslHandler out of its pipeline.
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            FirstBytes answer = new FirstBytes();
            ChannelFuture connect = new Dialer(group.next(), transport, t, address, ssl, false)
                    .connect(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void handlerAdded(ChannelHandlerContext ctx) {
                            ctx.pipeline().addFirst("answer", answer); // before the TLS handler reads anything
                        }

                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof SslHandshakeCompletionEvent e) {
                                outcome.complete(e.isSuccess() ? null : e.cause());
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            outcome.complete(new ClosedChannelException()); // unless the handshake ended first
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close(); // reported through the handshake's completion event
                        }
                    })
                    .awaitUninterruptibly();
            if (!connect.isSuccess()) {
                throw connectFailed(t, connect.cause(), timeoutMillis);
            }
            Channel ch = connect.channel();
            Throwable failed = outcome.join();
            ch.close().awaitUninterruptibly();
            if (failed != null) {
                if (Failures.within(failed, NotSslRecordException.class) && answer.startsWith("HTTP/")) {
                    throw new UnreachableTargetException(
                            "cannot connect to " + t.baseUrl() + " (it answered in plain HTTP, not TLS). Use "
                                    + t.baseUrl().replaceFirst("^https:", "http:") + " for this port",
                            failed);
                }
                // Said as the run's summary says it: what went wrong, and what to do.
                Failures.TlsProblem problem = Failures.tls(Failures.ofHandshake(failed));
                if (problem != null) {
                    throw new UnreachableTargetException(
                            "cannot connect to " + t.baseUrl() + ": " + problem.problem()
                                    + (problem.remedy().isEmpty() ? "" : ". " + capitalized(problem.remedy())),
                            failed);
                }
                boolean certificate = !t.connections().insecure();
                String hint = certificate
                        ? "Is its certificate trusted and issued for '" + t.host()
                                + "'? (--insecure skips certificate and host name checks)"
                        : "Does the server speak TLS on this port?";
                throw new UnreachableTargetException(
                        "cannot connect to " + t.baseUrl() + " (TLS handshake failed: " + Failures.describe(failed)
                                + "). " + hint,
                        failed);
            }
        } finally {
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The first bytes the server sent on a connection, as they came, before the TLS handler reads them: a
     * server that answers a TLS hello in plain HTTP starts with {@code HTTP/}. The failure does not always quote
     * them (Netty does in hex with the JDK's engine, not with BoringSSL's). Runs on the connection's event loop.
     */
    private static final class FirstBytes extends ChannelInboundHandlerAdapter {
        private volatile byte[] first = new byte[0];

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (first.length == 0 && msg instanceof ByteBuf b && b.isReadable()) {
                first = ByteBufUtil.getBytes(b, b.readerIndex(), Math.min(b.readableBytes(), 16));
            }
            ctx.fireChannelRead(msg);
        }

        boolean startsWith(String prefix) {
            return new String(first, StandardCharsets.ISO_8859_1).startsWith(prefix);
        }
    }

    private void begin() throws InterruptedException {
        // Open connections first, as wrk does; the clock starts once they are up (or have failed), on the run's
        // thread: a connect may take up to its timeout, and the caller has a run to show, or to stop, meanwhile.
        try {
            onEveryLoop(w -> {
                w.preconnect();
                return null;
            });
        } catch (InterruptedException | RuntimeException | Error e) {
            shutDown(); // no run to end: the connections opening close with their loops
            throw e;
        }
        Thread coordinator = new Thread(this::coordinate, "gale-run");
        coordinator.setDaemon(true);
        coordinator.start();
    }

    /**
     * Waits for the connections opened before the start, up to the longest connect timeout, then starts the
     * clock. Returns false, with the clock not started, if the run was stopped first.
     */
    private boolean startClock() throws InterruptedException {
        long connectDeadline =
                System.nanoTime() + longest(ConnectionSettings::connectTimeout) + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() < connectDeadline && !stopRequested && sum(LoopWorker::connecting) > 0) {
            Thread.sleep(2);
        }
        synchronized (stopLock) {
            if (stopRequested) {
                return false;
            }
            ctx.runStartNanos = System.nanoTime() + START_DELAY_NANOS;
            startedAt = Instant.now().plusNanos(START_DELAY_NANOS);
            for (LoopWorker w : workers) {
                w.loopExecute(w::start);
            }
            clockStarted = true;
            // Under the lock: a stop that comes next is heard after the start.
            listener.onStart(startedAt);
        }
        scheduleSample(0, false);
        return true;
    }

    /** The number of event loops in use. */
    public int threads() {
        return threads;
    }

    /** The transport in use. */
    public Transport transport() {
        return transport;
    }

    /** The I/O the run's connections use, as reports name it: {@code epoll}, {@code epoll, TLS by BoringSSL}. */
    public String io() {
        return generator().io();
    }

    /**
     * Stops the run early: nothing more is scheduled, requests in flight get a short grace period, and the
     * result (marked interrupted) still holds everything measured. Does nothing once the run has ended.
     */
    public void stop() {
        long at;
        synchronized (stopLock) {
            if (stopRequested || result.isDone()) {
                // Over already (Ctrl-C while the reports are written): its event loops take no more tasks.
                return;
            }
            stopRequested = true;
            if (!clockStarted) {
                // The run's thread ends it before its clock starts, and tells the listener.
                stoppedAtNanos = 0;
                return;
            }
            // Under the lock, with stopRequested: no sample sees the stop without its instant.
            at = Math.max(0, System.nanoTime() - ctx.runStartNanos);
            stoppedAtNanos = at;
        }
        listener.onStop(at);
        for (LoopWorker w : workers) {
            try {
                w.loopExecute(w::stop);
            } catch (RejectedExecutionException e) {
                return; // the run ended meanwhile and its loops are shutting down: nothing left to stop
            }
        }
    }

    /**
     * Waits for the run to finish and returns its result. A run that failed throws its failure: a {@link
     * RuntimeException} or an {@link Error} (an {@link OutOfMemoryError} on the run's own threads) as it was.
     */
    public RunResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the run failed: " + c, c);
        }
    }

    /** Waits at most {@code timeout}; null if the run has not finished by then. */
    public RunResult await(Duration timeout) throws InterruptedException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Schedules the sample after the one due {@code dueNanos} after the run start, or, after a stall of gale
     * itself ({@code stalled}: {@code dueNanos} is when the late sample ran), the next whole interval or boundary
     * after that, skipping a whole interval so close that it would cut a sliver.
     */
    private void scheduleSample(long dueNanos, boolean stalled) {
        long next = nextSample(dueNanos, sampleCuts);
        if (stalled && next - dueNanos < INTERVAL.toNanos() / 10 && Arrays.binarySearch(sampleCuts, next) < 0) {
            next = nextSample(next, sampleCuts);
        }
        long due = next;
        boolean phaseStart = Arrays.binarySearch(ctx.phaseStartNanos, next) >= 0;
        long lead = phaseStart ? BOUNDARY_LEAD_NANOS : 0;
        try {
            sampler.schedule(
                    () -> {
                        long at = ctx.runStartNanos + due;
                        while (System.nanoTime() < at) {
                            Thread.onSpinWait();
                        }
                        long ranAt = sampleSafely(due);
                        // After a stall, the next sample is the one due after the instant this one ran, not
                        // one overdue already: that would cut a sliver of an interval right after this one.
                        boolean late = ranAt - due > ON_TIME_NANOS;
                        scheduleSample(late ? ranAt : due, late);
                    },
                    ctx.runStartNanos + due - lead - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ended) {
            // the run has ended: its last sample is taken there
        }
    }

    /**
     * When the sample after {@code afterNanos} is due, in nanoseconds since the run start: at the next whole
     * {@link #INTERVAL} or the next phase boundary, whichever is first, so that no interval spans two phases.
     * A whole interval less than a tenth of an interval from a boundary gives way to it, so that no interval
     * is a sliver.
     *
     * @param phaseStarts each phase's start (the first at 0), and the planned end when it is known
     */
    static long nextSample(long afterNanos, long[] phaseStarts) {
        long interval = INTERVAL.toNanos();
        long margin = interval / 10;
        long boundary = Long.MAX_VALUE;
        for (long b : phaseStarts) {
            if (b > afterNanos && b > 0) {
                boundary = Math.min(boundary, b);
            }
        }
        long tick = (afterNanos / interval + 1) * interval;
        for (; ; tick += interval) {
            boolean nearBoundary = false;
            for (long b : phaseStarts) {
                nearBoundary |= b > 0 && Math.abs(tick - b) < margin;
            }
            if (!nearBoundary) {
                break;
            }
        }
        return Math.min(tick, boundary);
    }

    /**
     * Takes the sample due {@code dueNanos} after the run start now, and returns when it ran, in nanoseconds
     * after the run start.
     */
    private long sampleSafely(long dueNanos) {
        long now = System.nanoTime();
        try {
            sample(now, dueNanos, false);
        } catch (RuntimeException | OutOfMemoryError e) {
            // The first failure is the run's: a heap too small must not read as the recorders' 'cut() twice'
            // from the sample after it.
            result.completeExceptionally(e);
        }
        return now - ctx.runStartNanos;
    }

    /**
     * Takes the timeline's last row, up to {@code endNanos} or to the end of the row before it if the sampler
     * took that one later, and returns the end of the row: the run's end.
     */
    private synchronized long lastSample(long endNanos) {
        long end = Math.max(endNanos, ctx.runStartNanos + lastSampleNanos);
        sample(end, -1, true);
        return end;
    }

    /**
     * Ends the interval at {@code nowNanos} ({@link System#nanoTime()}): when the recorders were cut, so a
     * sampler a millisecond late gives an interval a millisecond longer.
     *
     * <p>The plan's arrivals it shows as offered are those due up to the instant the sample was due (a whole
     * second, a phase boundary), when it ran on time, that is at most {@link #ON_TIME_NANOS} later: an arrival
     * due exactly at the second belongs to the next interval, and so do the first arrivals of a phase that
     * starts there (a closed-model phase has none to count). After a stall, they are those due up to its end, of
     * each kind apart: the interval's own and, where the stall spanned a boundary, the other's.
     *
     * @param dueNanos when the sample was due, nanoseconds after the run start; -1 for the last one
     */
    private synchronized IntervalSnapshot sample(long nowNanos, long dueNanos, boolean last) {
        long end = nowNanos - ctx.runStartNanos;
        // The phase that ran for most of the interval: the one at its end would name the next phase
        // whenever the sampler wakes a little late at a phase boundary.
        int p = ctx.phaseAt(Math.max(0, lastSampleNanos + (end - lastSampleNanos) / 2));
        boolean onTime = dueNanos >= offeredUntilNanos && end >= dueNanos && end - dueNanos <= ON_TIME_NANOS;
        long countTo = Math.max(offeredUntilNanos, onTime ? dueNanos : end);
        // What the plan had due in the interval, however many arrivals the loops took: after a stall of gale
        // itself, a short interval with few and then one with a catch-up burst; nothing after a stop.
        long dueUntil = Math.max(offeredUntilNanos, Math.min(countTo, stoppedAtNanos));
        boolean warmup = plan.phases().get(p).warmup();
        // Counted by kind: after a stall across a boundary between a warm-up and a measured phase, the interval
        // holds arrivals of both, and each must add up with the rest of its kind.
        IntervalSnapshot s = collector.sample(
                lastSampleNanos,
                end,
                plan.phases().get(p).name(),
                warmup,
                offered.between(offeredUntilNanos, dueUntil, warmup),
                offered.between(offeredUntilNanos, dueUntil, !warmup),
                requestShares);
        lastSampleNanos = end;
        offeredUntilNanos = countTo;
        if (last) {
            listener.onLastInterval(s);
        } else {
            listener.onInterval(s);
        }
        return s;
    }

    private void coordinate() {
        try {
            result.complete(startClock() ? runToEnd() : endWhileConnecting());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            shutDown();
        }
    }

    private RunResult runToEnd() throws InterruptedException {
        // Blocks without polling: a 5 ms poll woke this thread 200 times a second for the whole run.
        ctx.loopsScheduled.await();
        long scheduleEnd = System.nanoTime();
        long deadline = scheduleEnd + endWait(plan).toNanos();
        boolean stopSeen = false;
        while (sum(LoopWorker::outstanding) > 0 && System.nanoTime() < deadline) {
            if (!stopSeen && stopRequested) {
                // A stop, during the run or while waiting for the last responses, gets its grace from when it is
                // seen: the wait for a minute's timeouts ignored Ctrl-C, and past the signal's own wait every
                // output was lost.
                stopSeen = true;
                deadline = Math.min(deadline, System.nanoTime() + STOP_GRACE.toNanos());
            }
            Thread.sleep(5);
        }
        // The run ends here, when its last responses are in (or the wait for them is over), not once the loops
        // and the sampler below have shut down: on a busy machine that took over 100 ms, and short runs read
        // "ended 0.12s after the planned 1.00s, waiting for the last responses" with none outstanding.
        long drained = System.nanoTime();
        // Timeouts normally end everything before the deadline; what is left is counted, never dropped.
        closeLoops(false);
        long lastSend = onEveryLoop(w -> w.lastAnsweredSendNanos).stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(Long.MIN_VALUE);
        lastSend = lastSend == Long.MIN_VALUE ? ctx.runStartNanos : lastSend;
        long elapsed = Math.max(0, scheduleEnd - ctx.runStartNanos);
        long measuredEnd = ctx.measuredEndNanos(elapsed, stopRequested, lastSend - ctx.runStartNanos);
        // Each loop's last task has run: what it noted is all there is, and visible here.
        List<LateResponses> late = onEveryLoop(w -> w.lateResponses);
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        long end = lastSample(drained);
        List<PoolLevels> levels = collector.levels();
        return new RunResult(
                plan,
                startedAt,
                ctx.measuredNanos(elapsed, stopRequested, lastSend - ctx.runStartNanos),
                Math.max(0, end - ctx.runStartNanos),
                stopRequested,
                answeredAfterEnd(
                        collector.measuredTotals(),
                        late,
                        measuredEnd == Long.MAX_VALUE ? Long.MAX_VALUE : ctx.runStartNanos + measuredEnd),
                collector.warmupTotals(),
                levels,
                collector.timeline(),
                generator(),
                List.of(),
                ctx.firstErrors.byTarget(),
                ctx.firstErrors.extraBytesByTarget());
    }

    /**
     * {@code measured}, each request's stats with the open-model responses that came after {@code endNanos}
     * ({@link System#nanoTime()}; {@link Long#MAX_VALUE} for none), the end of the measured time, counted as
     * answered after it (in no rate), beside the closed-model ones its recorders counted.
     */
    static List<Stats> answeredAfterEnd(List<Stats> measured, List<LateResponses> late, long endNanos) {
        if (endNanos == Long.MAX_VALUE) {
            return measured;
        }
        long[] counts = new long[measured.size()];
        for (LateResponses l : late) {
            l.countAfter(endNanos, counts);
        }
        for (int i = 0; i < counts.length; i++) {
            Stats s = measured.get(i);
            s.withAnsweredAfterEnd(s.answeredAfterEnd() + counts[i]);
        }
        return measured;
    }

    /**
     * Closes every loop's connections, first cancelling what is still outstanding (counted, never dropped), and
     * publishes the final pool figures: the closes complete in tasks queued on each loop, so a second turn reads
     * them.
     *
     * @param connectsToo abort every loop, the connects still in progress with it, even with nothing outstanding
     */
    private void closeLoops(boolean connectsToo) throws InterruptedException {
        onEveryLoop(w -> {
            if (connectsToo || w.outstanding() > 0) {
                w.abort(ErrorKind.CANCELLED);
            }
            w.close();
            return null;
        });
        onEveryLoop(w -> {
            w.updateGauges();
            return null;
        });
    }

    /**
     * Ends a run stopped before its clock started: the connects still in progress are given up, the
     * connections close, and the result holds no interval. The listener hears of a start and a stop at once.
     */
    private RunResult endWhileConnecting() throws InterruptedException {
        closeLoops(true); // the connects still in progress are given up too
        startedAt = Instant.now();
        listener.onStart(startedAt);
        listener.onStop(0);
        return new RunResult(
                plan,
                startedAt,
                0,
                0,
                true,
                collector.measuredTotals(),
                collector.warmupTotals(),
                collector.levels(),
                List.of(),
                generator(),
                List.of(),
                ctx.firstErrors.byTarget(),
                ctx.firstErrors.extraBytesByTarget());
    }

    private RunResult.Generator generator() {
        return new RunResult.Generator(
                Version.get(),
                threads,
                transport.label(),
                tls,
                Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * How long a run that ran its plan to the end waits, after its schedule is over, for the requests still out:
     * the longest request timeout of its targets, and an interval for the sweep to fail the last of them. The live
     * views say it ({@code waiting up to 20s more}).
     */
    public static Duration endWait(Plan plan) {
        return endWait(longestRequestTimeout(plan));
    }

    /** {@link #endWait(Plan)} of a plan whose longest request timeout is {@code longestRequestTimeout}. */
    public static Duration endWait(Duration longestRequestTimeout) {
        return longestRequestTimeout.plus(INTERVAL);
    }

    /** The longest request timeout of {@code plan}'s targets. */
    public static Duration longestRequestTimeout(Plan plan) {
        return plan.targets().stream()
                .map(t -> t.connections().requestTimeout())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** The longest of one connection setting over all targets, in nanoseconds. */
    private long longest(Function<ConnectionSettings, Duration> setting) {
        return plan.targets().stream()
                .mapToLong(t -> setting.apply(t.connections()).toNanos())
                .max()
                .orElse(0);
    }

    /** The sum of a figure over all loops, each read on its own loop. */
    private int sum(Function<LoopWorker, Integer> figure) throws InterruptedException {
        return onEveryLoop(figure).stream().mapToInt(Integer::intValue).sum();
    }

    private <T> List<T> onEveryLoop(Function<LoopWorker, T> action) throws InterruptedException {
        List<io.netty.util.concurrent.Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            LoopWorker w = workers.get(i);
            futures.add(loops.get(i).submit(() -> action.apply(w)));
        }
        List<T> out = new ArrayList<>();
        for (io.netty.util.concurrent.Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("event loop task failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }
}
