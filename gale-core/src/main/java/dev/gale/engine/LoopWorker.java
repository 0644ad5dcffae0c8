package dev.gale.engine;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.PoolGauges;
import dev.gale.record.RequestRecorder;
import dev.gale.schedule.FireTimes;
import dev.gale.schedule.TokenBucket;
import dev.gale.schedule.UserRamp;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Everything one event loop does in a run: walks through the phases, sends its stripe of the open-model
 * schedule or runs its share of closed-model users, owns one {@link Pool} per target and one
 * {@link RequestRecorder} per request slot.
 *
 * <p>Every method but {@link #loopExecute} runs on the loop's thread; the end of its schedule is signalled
 * through {@link RunContext#loopsScheduled}. Pacing uses absolute deadlines
 * ({@code runStart + phaseStart + fireTime}), so timer jitter never accumulates; a late wake-up sends
 * everything that is due, each request still measured from its own intended start.
 */
final class LoopWorker {
    /** Requests moved or sent per wake-up before yielding to I/O when a burst-limited schedule is behind. */
    private static final int MAX_BATCH = 256;

    /**
     * How long one wake-up may spend catching up with the schedule before the loop reads and writes its
     * sockets again. A time rather than a count: a send costs microseconds, but a request dropped because the
     * wait queue is full costs tens of nanoseconds, and a count small enough for sends would make a loop far
     * behind spend most of its time going around instead of dropping.
     */
    private static final long MAX_BATCH_NANOS = 200_000;

    private static final long RAMP_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The shortest pause of a closed-model user whose request found no connection. */
    private static final long MIN_USER_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final RunContext ctx;
    private final EventLoop loop;
    private final int stripe;
    private final int stripes;
    private final Pool[] pools;
    /**
     * Per target: how long a closed-model user waits after a request that found no connection, before its
     * next one: the target's cool-down, at least {@link #MIN_USER_PAUSE_NANOS}.
     */
    private final long[] userPauseNanos;

    private final RequestRecorder[] recorders;
    private final RunListener listener;
    private final Runnable tickTask = this::tick;

    private int phase = -1;
    private boolean warmup;
    private long phaseStartNanos;
    private FireTimes fire;
    /** Burst control of the current open phase; null when it has none. */
    private TokenBucket bucket;
    /** Due arrivals held back by burst control, by priority (request index as the tag). */
    private final PriorityWaitQueue backlog;

    private long nextFireNanos;
    private boolean tickPending;
    private ScheduledFuture<?> tickFuture;
    private ScheduledFuture<?> phaseEndFuture;
    private ScheduledFuture<?> rampFuture;
    private ScheduledFuture<?> sweepFuture;
    private UserRamp ramp;
    private int activeUsers;
    /** The phase whose users this closed phase took over with their requests in flight; -1 for none. */
    private int carriedFromPhase = -1;
    /** Changes whenever closed-model users are given up on (not when they carry into the next phase). */
    private int userEpoch;

    /**
     * This loop's walk through the request mix, open-model arrivals and closed-model requests alike; each
     * phase walks it from the loop's starting point.
     */
    private final MixCursor mix;
    /**
     * When the latest request this loop got a response to was written to its connection ({@link
     * System#nanoTime()}); loop-owned. Requests that got none (a stalled target's) do not move it.
     */
    long lastAnsweredSendNanos = Long.MIN_VALUE;

    /**
     * From when ({@link System#nanoTime()}) this loop notes the open-model responses it records in {@link
     * #lateResponses}: the planned end of the plan's last measured phase once it is in it, or the end of its
     * schedule if that is sooner (then {@link Long#MIN_VALUE}); {@link Long#MAX_VALUE} before. No measured time
     * ends sooner ({@link RunContext#earliestMeasuredEndNanos}), so every response past it is noted, and before
     * it a response costs the one comparison with this. Loop-owned.
     */
    long notingLateFromNanos = Long.MAX_VALUE;

    /** The responses noted from {@link #notingLateFromNanos} on; read by the run once the loop is closed. */
    final LateResponses lateResponses = new LateResponses();

    /**
     * When the plan ends ({@link System#nanoTime()}) if the current phase is its last and has a length, else
     * {@link Long#MAX_VALUE}: closed-model users start nothing from then on.
     */
    private long planEndNanos = Long.MAX_VALUE;

    /** Arrivals of the current open phase this loop has taken from its schedule (sent or held back). */
    private long phaseArrivals;
    /** The phase's time is up but this loop still owes arrivals that were due before its end. */
    private boolean finishing;

    private boolean scheduleDone;

    LoopWorker(
            RunContext ctx,
            EventLoop loop,
            Transport transport,
            int stripe,
            int stripes,
            List<InetSocketAddress> addresses,
            List<SslContext> ssl,
            RequestRecorder[] recorders,
            PoolGauges[] gauges,
            RunListener listener) {
        this.ctx = ctx;
        this.loop = loop;
        this.stripe = stripe;
        this.stripes = stripes;
        this.mix = ctx.mix.cursor(stripe, stripes);
        this.recorders = recorders;
        this.listener = listener;
        this.backlog = new PriorityWaitQueue(ctx.priorityLevels);
        List<Target> targets = ctx.plan.targets();
        this.pools = new Pool[targets.size()];
        this.userPauseNanos = new long[targets.size()];
        for (int t = 0; t < pools.length; t++) {
            Target target = targets.get(t);
            int max = (int) FireTimes.share(target.connections().maxConnections(), stripe, stripes);
            // Every loop has room for one waiting request at least, unless the plan wants no queue at all.
            int queueCapacity = target.connections().queueCapacity();
            int queue = queueCapacity == 0 ? 0 : (int) Math.max(1, FireTimes.share(queueCapacity, stripe, stripes));
            Dialer dialer = new Dialer(loop, transport, target, addresses.get(t), ssl.get(t), ctx.sharesRequestsTo(t));
            pools[t] = new Pool(this, ctx, target, t, dialer, max, queue, gauges[t]);
            userPauseNanos[t] = Math.max(
                    MIN_USER_PAUSE_NANOS, target.connections().cooldown().toNanos());
        }
    }

    // ---- for pools and connections

    /** The pool of target {@code target} (plan order). */
    Pool pool(int target) {
        return pools[target];
    }

    /** The recorder of a tag's request and phase kind (measured or warm-up). */
    RequestRecorder recorder(int tag) {
        return recorders[Tags.slot(tag)];
    }

    /**
     * Target {@code t} (plan order) sent what is not HTTP, or bytes before any request: {@code detail} says what.
     * For the live warning; a request that failed so is described by {@link #requestFailed}.
     */
    void protocolError(int t, String detail) {
        listener.onProtocolError(ctx.plan.targets().get(t), detail);
    }

    /**
     * Target {@code t} (plan order) sent bytes beyond a complete response, as {@code detail} says, and gale closed the
     * connection: kept for the summary if it is the target's first, and told to the listener.
     */
    void extraBytes(int t, String detail) {
        ctx.firstErrors.noteExtraBytes(t, detail);
        listener.onProtocolError(ctx.plan.targets().get(t), detail + "; gale closed the connection");
    }

    /** A connect attempt to target {@code t} (plan order) failed; {@code cause} is null if nothing threw. */
    void connectFailed(int t, ErrorKind kind, Throwable cause) {
        String detail = cause == null ? kind.key() : Failures.describe(cause);
        if (cause != null) {
            ctx.firstErrors.note(t, kind, () -> detail);
        }
        listener.onConnectFailure(ctx.plan.targets().get(t), kind, detail);
    }

    /** A request to target {@code t} (plan order) failed as {@code kind}, for the reason {@code detail} gives. */
    void requestFailed(int t, ErrorKind kind, Supplier<String> detail) {
        ctx.firstErrors.note(t, kind, detail);
    }

    /** Runs {@code task} on this worker's event loop. Any thread. */
    void loopExecute(Runnable task) {
        loop.execute(task);
    }

    // ---- lifecycle (on the loop)

    /** Most connections per pool opened before the start. */
    private static final int PRECONNECT_LIMIT = 1024;

    /**
     * Opens each pool's connections ahead of the start (see {@link Pool#preconnect}): in a closed-model first
     * phase, as many as this loop's users at the start (wrk's -c), since more would only sit idle; in an
     * open-model one, up to the pool's limit and at most {@value #PRECONNECT_LIMIT}.
     */
    void preconnect() {
        int count = PRECONNECT_LIMIT;
        if (ctx.plan.phases().get(0).load() instanceof LoadModel.Closed closed) {
            // Every user's connection, however many: each user needs one at once, as wrk -c opens them all
            // (the open-files check has made sure they fit).
            count = (int) FireTimes.share(closed.startConnections(), stripe, stripes);
        }
        for (Pool p : pools) {
            p.preconnect(count);
        }
    }

    /** Connect attempts still in progress over all pools. */
    int connecting() {
        int n = 0;
        for (Pool p : pools) {
            n += p.connecting();
        }
        return n;
    }

    /** Schedules phase 0 at the run start and the periodic sweep. */
    void start() {
        sweepFuture = loop.scheduleAtFixedRate(this::sweep, ctx.sweepNanos, ctx.sweepNanos, TimeUnit.NANOSECONDS);
        loop.schedule(() -> enterPhase(0, 0), ctx.runStartNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops scheduling now (Ctrl-C): requests still waiting for a connection are given up ({@code cancelled}),
     * so that nothing is sent after the stop; requests in flight continue.
     */
    void stop() {
        leavePhase(false);
        phase = ctx.plan.phases().size();
        long now = System.nanoTime();
        for (Pool p : pools) {
            p.cancelWaiting(now);
        }
        markScheduleDone();
    }

    /**
     * True if this loop's closed-model users have stopped at {@code nowNanos}: the plan's duration is over, or
     * the run was stopped. A response that comes after it is counted, but in no rate.
     */
    boolean usersStopped(long nowNanos) {
        return scheduleDone || nowNanos >= planEndNanos;
    }

    private void markScheduleDone() {
        if (!scheduleDone) {
            scheduleDone = true;
            notingLateFromNanos = Long.MIN_VALUE;
            ctx.loopsScheduled.countDown();
        }
    }

    /**
     * An open-model response came at {@code nowNanos}, from {@link #notingLateFromNanos} on: noted, for the run to
     * count it in no rate if it is past the measured time, unless it is a warm-up request's, which no rate counts
     * (a warm-up phase after the last measured one sends them then).
     */
    void noteLate(int tag, long nowNanos) {
        int slot = Tags.slot(tag);
        if (slot < ctx.requestCount) {
            lateResponses.add(nowNanos, slot);
        }
    }

    /** Requests in flight or waiting, over all pools. */
    int outstanding() {
        int n = 0;
        for (Pool p : pools) {
            n += p.outstanding();
        }
        return n;
    }

    /** Gives up on everything outstanding, counting it as {@code kind}, and closes all connections. */
    void abort(ErrorKind kind) {
        long now = System.nanoTime();
        for (Pool p : pools) {
            p.abort(kind, now);
        }
    }

    /** Closes idle connections and stops the sweep: the end of the run. */
    void close() {
        if (sweepFuture != null) {
            sweepFuture.cancel(false);
        }
        for (Pool p : pools) {
            p.closeIdle();
            p.updateGauges();
        }
    }

    /** Publishes every pool's current figures. */
    void updateGauges() {
        for (Pool p : pools) {
            p.updateGauges();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Pool p : pools) {
            p.sweep(now);
        }
    }

    // ---- phases

    /**
     * @param carriedUsers closed-model users of the previous (closed) phase whose requests are still in
     *     flight: they carry on as users of this phase instead of new ones starting beside them
     */
    private void enterPhase(int p, int carriedUsers) {
        List<Phase> phases = ctx.plan.phases();
        if (p >= phases.size() || scheduleDone) {
            phase = phases.size();
            markScheduleDone();
            return;
        }
        phase = p;
        finishing = false;
        phaseArrivals = 0;
        // The mix's order goes on across phases: started again in each, a plan of short phases (or stages) never
        // reached the places of its rarest requests.
        Phase ph = phases.get(p);
        warmup = ph.warmup();
        phaseStartNanos = ctx.runStartNanos + ctx.phaseStartNanos[p];
        long length = ctx.phaseLengthNanos[p];
        planEndNanos = p == phases.size() - 1 && length != Long.MAX_VALUE ? phaseStartNanos + length : Long.MAX_VALUE;
        if (p == ctx.lastMeasuredPhase && ctx.earliestMeasuredEndNanos() != Long.MAX_VALUE) {
            notingLateFromNanos = Math.min(notingLateFromNanos, ctx.runStartNanos + ctx.earliestMeasuredEndNanos());
        }
        if (length != Long.MAX_VALUE) {
            phaseEndFuture = loop.schedule(
                    () -> endPhase(p), phaseStartNanos + length - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        switch (ph.load()) {
            case LoadModel.Open open -> {
                fire = FireTimes.of(open, length, ph.maxRequests(), p, stripe, stripes);
                bucket = TokenBucket.of(open, length, stripe, stripes);
                nextFireNanos = fire.next();
                if (nextFireNanos == FireTimes.END) {
                    openScheduleExhausted();
                } else if (!tickPending) {
                    tickPending = true;
                    loop.execute(tickTask);
                }
            }
            case LoadModel.Closed closed -> {
                ramp = new UserRamp(closed.startConnections(), closed.endConnections(), length);
                activeUsers = carriedUsers;
                carriedFromPhase = carriedUsers > 0 ? p - 1 : -1;
                adjustUsers();
                if (phase != p) {
                    return; // the phase's requests were all sent already (by other loops): adjustUsers ended it
                }
                if (ramp.ramps()) {
                    rampFuture = loop.scheduleAtFixedRate(
                            this::adjustUsers, RAMP_STEP_NANOS, RAMP_STEP_NANOS, TimeUnit.NANOSECONDS);
                } else if (activeUsers == 0 && (length == Long.MAX_VALUE || lastPhaseWithRequestLimit())) {
                    // Bounded by requests (alone, or first), and this loop's share of users is nil: nothing to
                    // wait for.
                    endPhase(p);
                }
            }
        }
    }

    /**
     * The phase's time is up (its timer), or its requests are all sent (a phase bounded by requests). An
     * open phase whose due arrivals this loop has not all sent yet (it is behind, or burst control holds
     * some back) first finishes them at the usual pace (batches, tokens), each measured from its intended
     * start; the next phase then starts and catches up with its own schedule.
     */
    private void endPhase(int p) {
        if (phase != p) {
            return;
        }
        boolean owesArrivals = (fire != null && nextFireNanos != FireTimes.END) || !backlog.isEmpty();
        if (owesArrivals) {
            finishing = true;
            cancel(phaseEndFuture);
            phaseEndFuture = null;
            if (!tickPending) {
                tickPending = true;
                loop.execute(tickTask);
            }
            return;
        }
        List<Phase> phases = ctx.plan.phases();
        boolean carry = phases.get(p).load() instanceof LoadModel.Closed
                && p + 1 < phases.size()
                && phases.get(p + 1).load() instanceof LoadModel.Closed;
        int carried = carry ? activeUsers : 0;
        leavePhase(carry);
        enterPhase(p + 1, carried);
    }

    /**
     * @param carryUsers the next phase takes over this phase's closed-model users: their pauses and
     *     requests in flight stay valid
     */
    private void leavePhase(boolean carryUsers) {
        fire = null;
        bucket = null;
        backlog.clear(); // empty at a phase end; on a stop, what was held back is never sent
        ramp = null;
        activeUsers = 0;
        finishing = false;
        if (!carryUsers) {
            userEpoch++;
            carriedFromPhase = -1;
        }
        if (tickFuture != null && tickFuture.cancel(false)) {
            tickPending = false;
        }
        tickFuture = null;
        cancel(phaseEndFuture);
        cancel(rampFuture);
        phaseEndFuture = null;
        rampFuture = null;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void openScheduleExhausted() {
        fire = null;
        if (finishing || ctx.phaseLengthNanos[phase] == Long.MAX_VALUE || lastPhaseRequestsSent()) {
            // Bounded by requests only, late, or the run's request limit came before its end: over as soon
            // as the last due arrival is sent.
            endPhase(phase);
        }
        // Otherwise the phase timer starts the next phase on time.
    }

    /**
     * True if the current phase is the run's last, has a request limit besides its duration, and this loop
     * has issued its share of that limit (open model) or the phase's shared budget is spent (closed model):
     * the run then ends without waiting for the rest of the duration, whichever of the two comes first.
     * Earlier phases keep their length, so that the next phase starts at its planned instant.
     */
    private boolean lastPhaseRequestsSent() {
        if (!lastPhaseWithRequestLimit()) {
            return false;
        }
        Phase ph = ctx.plan.phases().get(phase);
        return switch (ph.load()) {
            case LoadModel.Open open -> phaseArrivals >= FireTimes.share(ph.maxRequests(), stripe, stripes);
            case LoadModel.Closed closed -> ctx.closedBudgets[phase].get() <= 0;
        };
    }

    /** True if the current phase is the run's last and has a request limit. */
    private boolean lastPhaseWithRequestLimit() {
        List<Phase> phases = ctx.plan.phases();
        return phase == phases.size() - 1 && phases.get(phase).maxRequests() > 0;
    }

    // ---- open model

    private void tick() {
        tickPending = false;
        tickFuture = null;
        if (bucket != null) {
            tickBurstLimited();
            return;
        }
        long now = System.nanoTime();
        long batchStart = now;
        while (fire != null) {
            long intended = phaseStartNanos + nextFireNanos;
            if (intended > now) {
                tickPending = true;
                tickFuture = loop.schedule(tickTask, intended - now, TimeUnit.NANOSECONDS);
                return;
            }
            if (now - batchStart >= MAX_BATCH_NANOS) {
                // Far behind (a stall): let I/O run, then carry on from where we are.
                tickPending = true;
                tickFuture = yieldToIo();
                return;
            }
            // Behind schedule or on time: send now, measured from the intended start.
            dispatch(mix.next(), intended, false, now);
            phaseArrivals++;
            nextFireNanos = fire.next();
            if (nextFireNanos == FireTimes.END) {
                // The phase may end here and the next one begin: enterPhase then queued a tick of its own, and
                // carrying on with the new schedule here would start a second chain of timers beside it.
                openScheduleExhausted();
                return;
            }
            now = System.nanoTime(); // the send took time: the next arrival is compared with a fresh clock
        }
    }

    /**
     * Runs the next batch after the loop has read and written its sockets once. A task handed to {@code
     * execute} would not do that: Netty runs queued tasks, the ones they queue included, for up to a second
     * before it looks at I/O again, so a loop far behind its schedule would stop reading responses. A task
     * scheduled now waits for the next turn of the loop.
     */
    private ScheduledFuture<?> yieldToIo() {
        return loop.schedule(tickTask, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * The open model with burst control: arrivals that are due move into the backlog (by priority), and
     * leave it, highest priority first and then oldest first, as the token bucket allows. On schedule the
     * bucket is never empty and this is the plain schedule; behind it, higher priorities go first and the
     * wait of the others is measured from their intended start.
     */
    private void tickBurstLimited() {
        long now = System.nanoTime();
        int moved = 0;
        while (fire != null
                && nextFireNanos != FireTimes.END
                && phaseStartNanos + nextFireNanos <= now
                && moved < MAX_BATCH) {
            int request = mix.next();
            backlog.addLast(ctx.priorityLevel[request], request, phaseStartNanos + nextFireNanos, now);
            nextFireNanos = fire.next();
            moved++;
            phaseArrivals++;
        }
        int sent = 0;
        while (!backlog.isEmpty() && sent < MAX_BATCH && bucket.tryTake(now - phaseStartNanos)) {
            int request = backlog.headTag();
            long intended = backlog.headIntended();
            backlog.removeHead();
            dispatch(request, intended, false, System.nanoTime()); // a batch takes time: a clock per send
            sent++;
        }
        if (fire == null || bucket == null) {
            return; // the phase ended while sending
        }
        if (nextFireNanos == FireTimes.END && backlog.isEmpty()) {
            openScheduleExhausted();
            return;
        }
        tickPending = true;
        if (moved == MAX_BATCH || sent == MAX_BATCH) {
            tickFuture = yieldToIo(); // far behind: let I/O run, then carry on
            return;
        }
        long wake = nextFireNanos == FireTimes.END ? Long.MAX_VALUE : phaseStartNanos + nextFireNanos - now;
        if (!backlog.isEmpty()) {
            wake = Math.min(wake, bucket.nanosUntilToken(now - phaseStartNanos));
        }
        if (wake == Long.MAX_VALUE) {
            tickPending = false; // nothing more before the phase ends
            return;
        }
        tickFuture = loop.schedule(tickTask, Math.max(0, wake), TimeUnit.NANOSECONDS);
    }

    /**
     * Issues {@code request} to its target's pool; an open-model arrival's schedule lag is {@code nowNanos -
     * intendedStartNanos} (a closed-model user's request is intended now, and records none).
     *
     * @param nowNanos the caller's current {@link System#nanoTime()}, read once per request on this path
     */
    private void dispatch(int request, long intendedStartNanos, boolean closedUser, long nowNanos) {
        int slot = warmup ? request + ctx.requestCount : request;
        if (closedUser) {
            recorders[slot].recordStarted();
        } else {
            recorders[slot].recordScheduled(intendedStartNanos, nowNanos);
        }
        int tag = Tags.of(slot, phase, closedUser);
        pools[ctx.requestTarget[request]].submit(tag, request, intendedStartNanos, nowNanos);
    }

    // ---- closed model

    private void adjustUsers() {
        if (ramp == null) {
            return;
        }
        int wanted = ramp.usersAt(System.nanoTime() - phaseStartNanos, stripe, stripes);
        AtomicLong budget = ctx.closedBudgets[phase];
        // Once the phase's request budget is spent, or the plan is over, a new user would retire at once:
        // starting none keeps this loop from starting and retiring users forever, inside this task, while the
        // ramp wants more than it has. (A loop that entered a phase of a few milliseconds as it ended did, and
        // the task ending the phase, or a stop, never ran.) A user starts at the instant checked.
        long now;
        while (ramp != null
                && activeUsers < wanted
                && (now = System.nanoTime()) < planEndNanos
                && (budget == null || budget.get() > 0)) {
            activeUsers++;
            startUserRequest(now);
        }
        if (ramp != null && activeUsers == 0 && lastPhaseRequestsSent()) {
            endPhase(phase); // other loops spent the run's last requests before the ramp gave this one a user
        }
    }

    /**
     * One user sends its next request, if the phase's budget allows, and the plan is not over: the task that
     * ends the last phase may run a little late, and a request started meanwhile would go out after the end.
     */
    private void startUserRequest(long nowNanos) {
        if (nowNanos >= planEndNanos) {
            retireUser();
            return;
        }
        AtomicLong budget = ctx.closedBudgets[phase];
        if (budget != null && budget.getAndDecrement() <= 0) {
            retireUser();
            return;
        }
        // Closed model: the intended start is now, when the user's previous request ended.
        dispatch(mix.next(), nowNanos, true, nowNanos);
    }

    /**
     * A request ended (response, failure, or dropped). Closed-model users send their next one, unless
     * the phase is over or the ramp wants fewer users.
     *
     * @param withoutConnection it failed before any connection was found (dead target, full queue): the
     *     user waits a little before trying again instead of spinning
     * @param nowNanos when it ended ({@link System#nanoTime()}): the intended start of the user's next one
     */
    void requestEnded(int tag, boolean withoutConnection, long nowNanos) {
        if (!Tags.closedUser(tag) || ramp == null) {
            return;
        }
        int of = Tags.phase(tag);
        if (of != phase && of != carriedFromPhase) {
            return; // a user of a phase that is over
        }
        int wanted = ramp.usersAt(nowNanos - phaseStartNanos, stripe, stripes);
        if (activeUsers > wanted) {
            retireUser();
            return;
        }
        if (withoutConnection) {
            int epoch = userEpoch;
            loop.schedule(
                    () -> {
                        if (epoch == userEpoch && ramp != null) {
                            startUserRequest(System.nanoTime());
                        }
                    },
                    userPauseNanos[ctx.requestTarget[ctx.requestOf(tag)]],
                    TimeUnit.NANOSECONDS);
        } else {
            startUserRequest(nowNanos);
        }
    }

    /**
     * A user stops; a phase bounded by requests alone, or the last phase once its request budget is spent,
     * is over on this loop when its last user stops.
     */
    private void retireUser() {
        activeUsers--;
        if (activeUsers == 0 && (ctx.phaseLengthNanos[phase] == Long.MAX_VALUE || lastPhaseRequestsSent())) {
            endPhase(phase);
        }
    }
}
