package dev.gale.engine;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every event loop of a run shares, computed once before the run starts: encoded requests and what
 * else the loops need to know of each, the request mix, phase boundaries, request budgets and the sweep
 * period. Immutable but for the budgets (atomic) and the latch the loops count down when their schedules
 * are over. Holds direct memory for its large requests ({@link #sharedRequests}) until {@link #release()}.
 */
final class RunContext {
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    final Plan plan;
    final int requestCount;
    final byte[][] requestBytes;
    /**
     * Per request (plan order): for one of more than {@link Pool#LARGE_REQUEST_BYTES}, its {@link #requestBytes} in
     * one direct buffer that every connection of the run, on every event loop, writes: each write is a duplicate of
     * it, with indices of its own, that holds it until the socket has taken it all. A 50 MiB body then takes 50 MiB
     * however many connections send it, where a copy per connection took 3.2 GB at 64 connections. Null for a
     * smaller request, which each connection copies once ({@link Connection#prepare}) so that sending it allocates
     * nothing. Nothing writes into these buffers once they are made, so any thread may read them (a TLS handler
     * encrypts from them).
     */
    final ByteBuf[] sharedRequests;

    final boolean[] head;
    final StatusSet[] expected;
    final int[] requestTarget;
    final RequestMix mix;
    /** Per request: its priority level, 0 for the highest priority of the plan. */
    final int[] priorityLevel;
    /**
     * Per request (plan order): its method is idempotent (RFC 9110, 9.2.2), so it may go out once more when a
     * kept-alive connection turns out to be closed; a POST never does, since the server may have acted on it.
     */
    final boolean[] idempotent;
    /**
     * Per request (plan order): it sends {@code Connection: close}, so its connection is not used again whatever
     * the response says (RFC 9112, 9.6: a client that sent close sends no further request on it).
     */
    final boolean[] closes;

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
    /** The number of distinct priorities. */
    final int priorityLevels;
    /** Phase starts, nanoseconds after the run start. */
    final long[] phaseStartNanos;
    /** Phase lengths in nanoseconds; {@link Long#MAX_VALUE} for the last phase when bounded by requests only. */
    final long[] phaseLengthNanos;
    /**
     * Phase lengths as measured, in nanoseconds: the plan's ({@link Plan#phaseNanos}), so that the last phase,
     * when its request limit on evenly spaced arrivals comes first, is measured up to the instant the first
     * arrival over the limit is due ({@link Phase#lastPhaseNanos()}), as the plan and every report count it. A
     * last phase whose limit no plan can place (closed users, Poisson arrivals: {@link
     * Phase#lastPhaseEndKnown()}) has {@link Long#MAX_VALUE}: measured until its last request is sent. See
     * {@link #measuredNanos}.
     */
    final long[] measuredLengthNanos;
    /** The index of the plan's last measured (non-warm-up) phase. */
    final int lastMeasuredPhase;
    /** Shared request budgets of closed-model phases with a request limit; null entries mean no limit. */
    final AtomicLong[] closedBudgets;
    /** How often each loop's pools sweep, in nanoseconds: see {@link #sweepNanos(List)}. */
    final long sweepNanos;
    /** Counted down once by each event loop when it has nothing more to schedule; the run awaits it. */
    final CountDownLatch loopsScheduled;
    /** What each target's protocol, TLS and other unexplained errors were, as first described. */
    final FirstErrors firstErrors;
    /**
     * {@link System#nanoTime()} at which phase 0 starts. Set once by the run before the workers start
     * (published to the loops by {@code execute}).
     */
    long runStartNanos;

    /**
     * @param loops the number of event loops that will run the plan
     * @throws OutOfDirectMemoryException if this JVM's direct memory cannot hold the large requests once
     */
    RunContext(Plan plan, int loops) {
        this.plan = plan;
        this.loopsScheduled = new CountDownLatch(loops);
        this.firstErrors = new FirstErrors(plan.targets().size());
        List<RequestSpec> requests = plan.requests();
        requestCount = requests.size();
        requestBytes = new byte[requestCount][];
        head = new boolean[requestCount];
        expected = new StatusSet[requestCount];
        requestTarget = new int[requestCount];
        double[] weights = new double[requestCount];
        for (int i = 0; i < requestCount; i++) {
            RequestSpec r = requests.get(i);
            Target t = plan.target(r.target()).orElseThrow();
            requestBytes[i] = RequestEncoder.encode(r, t, t.connections().keepAlive());
            head[i] = r.head();
            expected[i] = r.expectedStatus();
            requestTarget[i] = plan.targetIndex(r.target());
            weights[i] = r.weight();
        }
        mix = RequestMix.of(weights);
        sharedRequests = share(requestBytes, requests);
        int[] distinct = requests.stream()
                .mapToInt(RequestSpec::priority)
                .distinct()
                .sorted()
                .toArray();
        priorityLevels = Math.max(1, distinct.length);
        priorityLevel = new int[requestCount];
        idempotent = new boolean[requestCount];
        closes = new boolean[requestCount];
        for (int i = 0; i < requestCount; i++) {
            idempotent[i] = IDEMPOTENT.contains(requests.get(i).method());
            closes[i] = requests.get(i).closesConnection();
        }
        for (int i = 0; i < requestCount; i++) {
            // Higher priority values go first: the largest value is level 0.
            priorityLevel[i] = distinct.length
                    - 1
                    - java.util.Arrays.binarySearch(distinct, requests.get(i).priority());
        }
        int phases = plan.phases().size();
        phaseStartNanos = plan.phaseStartsNanos();
        phaseLengthNanos = new long[phases];
        closedBudgets = new AtomicLong[phases];
        measuredLengthNanos = new long[phases];
        for (int p = 0; p < phases; p++) {
            Phase ph = plan.phases().get(p);
            phaseLengthNanos[p] = ph.durationNanos();
            if (ph.load() instanceof LoadModel.Closed && ph.maxRequests() > 0) {
                closedBudgets[p] = new AtomicLong(ph.maxRequests());
            }
            // The plan's length of the phase, which every report counts too; a last phase that ends on a request
            // limit no plan can place is measured until it ends.
            measuredLengthNanos[p] = p == phases - 1 && !ph.lastPhaseEndKnown() ? Long.MAX_VALUE : plan.phaseNanos(p);
        }
        int lastMeasured = phases - 1;
        while (lastMeasured > 0 && plan.phases().get(lastMeasured).warmup()) {
            lastMeasured--;
        }
        lastMeasuredPhase = lastMeasured;
        sweepNanos = sweepNanos(plan.targets());
    }

    /**
     * How often the pools look for timed-out requests, idle connections and the end of a cool-down: a
     * hundredth of the shortest timeout of any target (read, acquire, request: each fires within 1% of its
     * time, which the failed request's recorded wait shows), or a twentieth of the shortest idle timeout or
     * cool-down (being late to close an idle connection or to end a cool-down costs nothing measured), whichever
     * is shorter, between {@value #MIN_SWEEP_NANOS} and {@value #MAX_SWEEP_NANOS} ns. Every sweep is a wake-up
     * of an otherwise idle loop, which costs more CPU on a VM than the sweep itself.
     */
    static long sweepNanos(List<Target> targets) {
        long shortest = Long.MAX_VALUE;
        for (Target t : targets) {
            ConnectionSettings c = t.connections();
            for (Duration d : List.of(c.readTimeout(), c.acquireTimeout(), c.requestTimeout())) {
                if (d.toNanos() > 0) {
                    shortest = Math.min(shortest, d.toNanos() / 100);
                }
            }
            for (Duration d : List.of(c.idleTimeout(), c.cooldown())) {
                if (d.toNanos() > 0) {
                    shortest = Math.min(shortest, d.toNanos() / 20);
                }
            }
        }
        return Math.clamp(shortest, MIN_SWEEP_NANOS, MAX_SWEEP_NANOS);
    }

    /**
     * Refuses a plan whose large requests this JVM's direct memory cannot hold once, without taking any of it: what a
     * run would find when it starts, said before a dry run's plan or a run's preflight.
     *
     * @throws OutOfDirectMemoryException as a run would throw it
     */
    static void checkDirectMemory(Plan plan) {
        List<RequestSpec> requests = plan.requests();
        long[] lengths = new long[requests.size()];
        long large = 0;
        for (int i = 0; i < lengths.length; i++) {
            RequestSpec r = requests.get(i);
            Target t = plan.target(r.target()).orElseThrow();
            lengths[i] = RequestEncoder.encodedLength(r, t, t.connections().keepAlive());
            large += lengths[i] > Pool.LARGE_REQUEST_BYTES ? lengths[i] : 0;
        }
        // No large request, no look at the limit (a JMX call, some 50 ms the first time).
        if (large > 0 && large > DirectMemory.limitBytes()) {
            throw tooLarge(lengths, requests, null);
        }
    }

    /**
     * The requests of more than {@link Pool#LARGE_REQUEST_BYTES} of {@code encoded}, each in a direct buffer of its
     * own ({@link #sharedRequests}); null for the others.
     *
     * @throws OutOfDirectMemoryException if the direct memory cannot hold them: nothing is kept then
     */
    private static ByteBuf[] share(byte[][] encoded, List<RequestSpec> requests) {
        ByteBuf[] shared = new ByteBuf[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            if (encoded[i].length > Pool.LARGE_REQUEST_BYTES) {
                try {
                    shared[i] = Unpooled.directBuffer(encoded[i].length).writeBytes(encoded[i]);
                } catch (OutOfMemoryError e) {
                    release(shared);
                    throw tooLarge(
                            Arrays.stream(encoded).mapToLong(b -> b.length).toArray(), requests, e);
                }
            }
        }
        return shared;
    }

    /**
     * The one line that says the large requests do not fit in the direct memory: {@code the request 'upload' (50 MiB,
     * held once, shared by every connection) does not fit in this JVM's direct memory (its limit is 32 MiB); use a larger
     * limit (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize=320m) or a smaller body}.
     */
    private static OutOfDirectMemoryException tooLarge(long[] lengths, List<RequestSpec> requests, Throwable cause) {
        long needed = 0;
        int count = 0;
        String name = null;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > Pool.LARGE_REQUEST_BYTES) {
                needed += lengths[i];
                count++;
                name = requests.get(i).name();
            }
        }
        String what = count == 1
                ? "the request '" + name + "' (" + DirectMemory.size(needed)
                        + ", held once, shared by every connection) does"
                : "the " + count + " requests over " + DirectMemory.size(Pool.LARGE_REQUEST_BYTES) + " ("
                        + DirectMemory.size(needed)
                        + " together, each held once, shared by every connection) do";
        return new OutOfDirectMemoryException(
                what + " not fit in this JVM's direct memory (its limit is "
                        + DirectMemory.size(DirectMemory.limitBytes())
                        + "); use a larger limit (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize="
                        + DirectMemory.suggestedMib(needed) + "m) or "
                        + (count == 1 ? "a smaller body" : "smaller bodies"),
                cause);
    }

    /** True if a request to target {@code target} (plan order) is one of the {@link #sharedRequests}. */
    boolean sharesRequestsTo(int target) {
        for (int i = 0; i < requestCount; i++) {
            if (requestTarget[i] == target && sharedRequests[i] != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives back the direct memory of {@link #sharedRequests}: once the run's event loops have ended, when no write
     * holds any of it any more. Once only.
     */
    void release() {
        release(sharedRequests);
    }

    private static void release(ByteBuf[] buffers) {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                buffers[i].release();
                buffers[i] = null;
            }
        }
    }

    /** The request (index in the plan) a tag is for, in a measured or a warm-up phase alike. */
    int requestOf(int tag) {
        int slot = Tags.slot(tag);
        return slot >= requestCount ? slot - requestCount : slot;
    }

    /** The index of the phase running {@code tNanos} after the run start (the last one after the end). */
    int phaseAt(long tNanos) {
        for (int p = phaseStartNanos.length - 1; p > 0; p--) {
            if (tNanos >= phaseStartNanos[p]) {
                return p;
            }
        }
        return 0;
    }

    /**
     * Nanoseconds of measured (non-warm-up) phases, the time every rate is per. A run that ran its plan to the
     * end counts each phase's {@link #measuredLengthNanos}, however late the loops were to notice that their
     * schedules were over, unless requests that got a response were still being sent after the last phase's
     * end (gale could not send them in time, or they waited for a connection to a slow target): then that
     * phase lasts until the last such send, so that a rate never counts responses to requests sent after the
     * time it is per. Requests that got no response (a stalled target's, sent late and timed out) do not
     * lengthen it: they would dilute the other targets' rates with time in which they did nothing. A phase of
     * unknown length
     * counts until {@code elapsedNanos}, and a stopped run (Ctrl-C, a failed threshold) only the time before
     * {@code elapsedNanos}. Responses that come after the last phase it counts are in no rate: see {@link
     * #measuredEndNanos}.
     *
     * @param elapsedNanos when the last loop's schedule was over, nanoseconds after the run start
     * @param stopped true if the run was stopped before its plan was over
     * @param lastSendNanos when the latest request that got a response was written to its connection,
     *     nanoseconds after the run start
     */
    long measuredNanos(long elapsedNanos, boolean stopped, long lastSendNanos) {
        long sum = 0;
        for (int p = 0; p < phaseStartNanos.length; p++) {
            if (counted(p, elapsedNanos)) {
                sum += measuredEnd(p, elapsedNanos, stopped, lastSendNanos) - phaseStartNanos[p];
            }
        }
        return sum;
    }

    /**
     * When the measured time ends, nanoseconds after the run start: the end of the last measured phase {@link
     * #measuredNanos} counts, as it counts it (the plan's end, the last answered send when the run overran, the
     * stop); {@link Long#MAX_VALUE} if it counts none (the run was stopped in its warm-up). Responses that come
     * after it are counted, but in no rate ({@link dev.gale.record.Stats#answeredAfterEnd()}). The arguments
     * are {@link #measuredNanos}'s.
     */
    long measuredEndNanos(long elapsedNanos, boolean stopped, long lastSendNanos) {
        for (int p = phaseStartNanos.length - 1; p >= 0; p--) {
            if (counted(p, elapsedNanos)) {
                return measuredEnd(p, elapsedNanos, stopped, lastSendNanos);
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * When the last measured phase's measured time ends as planned, nanoseconds after the run start; {@link
     * Long#MAX_VALUE} if the plan cannot place it (a request limit on Poisson arrivals or closed users alone). No
     * end {@link #measuredEndNanos} gives comes sooner, but for a stop or an end found by the loops' schedules
     * being over: from this instant, or from the end of its schedule if that comes first, a loop notes the
     * responses that may be past the measured time ({@link LateResponses}).
     */
    long earliestMeasuredEndNanos() {
        int p = lastMeasuredPhase;
        long length = Math.min(measuredLengthNanos[p], phaseLengthNanos[p]);
        return length == Long.MAX_VALUE ? Long.MAX_VALUE : phaseStartNanos[p] + length;
    }

    /** True if {@link #measuredNanos} counts phase {@code p}: measured, and started before {@code elapsedNanos}. */
    private boolean counted(int p, long elapsedNanos) {
        return !plan.phases().get(p).warmup() && elapsedNanos > phaseStartNanos[p];
    }

    /** When {@link #measuredNanos} has measured phase {@code p} end, nanoseconds after the run start. */
    private long measuredEnd(int p, long elapsedNanos, boolean stopped, long lastSendNanos) {
        long length = measuredLengthNanos[p];
        if (length == Long.MAX_VALUE) {
            return phaseLengthNanos[p] == Long.MAX_VALUE
                    ? elapsedNanos
                    : Math.min(elapsedNanos, phaseStartNanos[p] + phaseLengthNanos[p]);
        }
        if (stopped) {
            return Math.min(elapsedNanos, phaseStartNanos[p] + length);
        }
        long end = phaseStartNanos[p] + length;
        // see overran for when the last send lengthens the last phase
        return p == phaseStartNanos.length - 1 && overran(end, lastSendNanos) ? lastSendNanos : end;
    }

    /**
     * True if answered requests went out so long after the plan's end ({@code endNanos}) that the measured
     * time should run until the last of them ({@code lastSendNanos}): more than 10 ms and 1% of the plan late,
     * in an open-model last phase of a plan with one target. A closed model has no schedule to run over (its
     * users are measured for the duration, as wrk's connections are); and with several targets, each behind
     * its own bulkhead, one slow target's late sends would stretch the time of the others, whose rates they
     * did not touch: there the rates stay per planned second and the Overran line tells the rest.
     */
    private boolean overran(long endNanos, long lastSendNanos) {
        if (plan.targets().size() != 1 || !(plan.phases().getLast().load() instanceof LoadModel.Open)) {
            return false;
        }
        long slack = Math.max(OVERRUN_SLACK_NANOS, endNanos / 100);
        return lastSendNanos - endNanos > slack;
    }

    /** How late the last answered send may be before the measured time runs until it. */
    static final long OVERRUN_SLACK_NANOS = 10_000_000L;
}
