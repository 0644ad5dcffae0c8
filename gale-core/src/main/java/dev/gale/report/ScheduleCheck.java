package dev.gale.report;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.util.List;

/**
 * Tells from one interval whether requests went out on time, for the live view's warning line. Three signs,
 * in this order:
 * <ol>
 *   <li>the schedule itself fell behind: fewer than {@value #BEHIND_FRACTION} of the requests due in the
 *       interval were issued, and at least {@value #MIN_MISSING} are missing ({@value #POISSON_SIGMAS} standard
 *       deviations of the count for Poisson arrivals, which vary by chance). The generator could not keep up.
 *       The requests due are the interval's {@link IntervalSnapshot#allOffered() offered} load, of both kinds,
 *       as the requests issued are: the plan's arrivals due in it, none after a stop; in a closed-model phase
 *       the requests issued, so never behind.</li>
 *   <li>requests were issued but sent late: the interval's schedule lag p99 is above
 *       {@link Verdict#LATE_MILLIS} ms. The lag ends when gale hands a request to its pool, so the cause is
 *       the generator, whatever the queue holds (which the line adds).</li>
 *   <li>requests issued on time waited for a connection: more than {@link #MIN_QUEUED} (and 1% of those
 *       issued) were queued at the interval's end, some gave up
 *       waiting ({@code acquire_timeout}) or found the queue full (dropped). The schedule lag cannot show
 *       this, since it ends when gale hands a request to the pool: the wait is in the response time only. The
 *       line names the cause the pool figures point to: no connection up yet at all, connections being opened
 *       for the requests waiting, failed connections being replaced, or the connection limit.</li>
 * </ol>
 * The first sign that holds is the line, but for requests that gave up waiting or were dropped, which are
 * never left out: beside the first or second sign, the line is the third, then {@code "; also "} and the
 * other ({@code requests waited for a connection: 0 queued, 196 dropped (queue full), ...; also generator
 * behind schedule: requests sent late, ...}). The waits point at the target or the pool; the lag, which ends
 * before any wait for a connection, at gale, whatever the pool did. Thread-safe.
 */
final class ScheduleCheck {
    static final double BEHIND_FRACTION = 0.9;
    static final long MIN_MISSING = 5;
    /** How far below the expected count a Poisson interval must fall to be behind: 1 in 30,000 by chance. */
    static final double POISSON_SIGMAS = 4;

    private final Plan plan;
    /** Per request (plan order): its target's index. */
    private final int[] requestTarget;

    ScheduleCheck(Plan plan) {
        this.plan = plan;
        this.requestTarget = plan.requests().stream()
                .mapToInt(r -> plan.targetIndex(r.target()))
                .toArray();
    }

    /**
     * A warning for interval {@code s}, or null when everything went out on time.
     *
     * @param total {@code s.total()}, which callers have merged already
     */
    String warn(IntervalSnapshot s, Stats total) {
        String behind = behind(s, total);
        String late = behind == null ? late(total) : null;
        String generator = behind != null ? behind : late;
        PoolLevels pools = s.pools();
        // Requests that gave up waiting for a connection or found the queue full are a finding of their own,
        // whatever gale's lag: the lag ends when gale hands a request to its pool, so it holds none of their wait.
        boolean failed = total.errors(ErrorKind.ACQUIRE_TIMEOUT) > 0 || total.dropped() > 0;
        if (generator != null && !failed) {
            // A queue beside a late send is added, not blamed: gale short of CPU reads responses late too, and
            // its connections stay busy for it.
            return late != null && pools.queued() > 0
                    ? late + "; " + Units.count(pools.queued()) + " also queued for a connection"
                    : generator;
        }
        String waited = waited(s, total);
        return generator == null ? waited : waited + "; also " + generator;
    }

    /**
     * The first sign, null if the schedule kept up: fewer of the requests due were issued than chance explains.
     */
    private String behind(IntervalSnapshot s, Stats total) {
        double due = s.allOffered();
        // Poisson arrivals offer the expected number: a second at 100 req/s has fewer than 90 one time in
        // seven, with gale on time. Their shortfall must be beyond chance, POISSON_SIGMAS standard deviations.
        double missing = poisson(s.phase()) ? Math.max(MIN_MISSING, POISSON_SIGMAS * Math.sqrt(due)) : MIN_MISSING;
        if (total.scheduled() < BEHIND_FRACTION * due && due - total.scheduled() >= missing) {
            // No rate beside it: the requests due are counted up to the instant the sample was due, and the
            // interval runs to when it was cut, a few milliseconds later.
            return "generator behind schedule: issued " + Units.count(total.scheduled()) + " of the "
                    + Units.count(Math.round(due)) + " requests due";
        }
        return null;
    }

    /** The second sign, null if requests went out on time: the schedule lag p99 is over the late limit. */
    private static String late(Stats total) {
        Latency lag = Latency.of(total.scheduleLag());
        if (lag.count() > 0 && lag.p99() > Verdict.LATE_MILLIS) {
            // The lag ends when gale hands a request to its pool, before any wait for a connection: a late send
            // is gale's own, whatever the queue holds.
            return "generator behind schedule: requests sent late, schedule lag p99 " + Units.millis(lag.p99())
                    + " (gale lacks CPU time: the machine is busy, or the rate is too high for it)";
        }
        return null;
    }

    /**
     * The third sign, null if no request waited for a connection worth a line: the requests queued, that gave
     * up waiting or were dropped, the pool's figures and the cause they point to.
     */
    private String waited(IntervalSnapshot s, Stats total) {
        PoolLevels pools = s.pools();
        long gaveUp = total.errors(ErrorKind.ACQUIRE_TIMEOUT);
        // In the open model, a few requests queued at the instant the interval ended wait for a connection being
        // opened (without keep-alive, every request does) rather than for a busy one: not worth a line each
        // second. A closed-model user queued is a user not running.
        boolean closed = closedModel(s.phase());
        boolean queue = pools.queued() > (closed ? 0 : Math.max(MIN_QUEUED, total.scheduled() / 100));
        if (!queue && gaveUp == 0 && total.dropped() == 0) {
            return null;
        }
        // Of several targets in use, the figures are the one's that most requests wait for, named: each has a
        // pool of its own (bulkheads), and summed the healthy ones' connections would be the slow one's.
        int t = s.targets().stream().filter(ScheduleCheck::inUse).count() > 1 ? mostWaiting(s) : -1;
        PoolLevels shown = t < 0 ? pools : s.targets().get(t);
        // As total, measured and warm-up requests alike: a warm-up's waits are told too.
        Stats of = t < 0
                ? total
                : RunResult.ofTarget(plan, s.requests(), t).add(RunResult.ofTarget(plan, s.warmupRequests(), t));
        long ofGaveUp = of.errors(ErrorKind.ACQUIRE_TIMEOUT);
        return "requests"
                + (t < 0 ? "" : " to target " + plan.targets().get(t).name())
                + " waited for a connection: " + Units.count(shown.queued()) + " queued"
                + (ofGaveUp > 0 ? ", " + Units.count(ofGaveUp) + " gave up waiting (acquire_timeout)" : "")
                + (of.dropped() > 0 ? ", " + Units.count(of.dropped()) + " dropped (queue full)" : "")
                + ", " + Units.count(shown.inFlight()) + " in flight on "
                + Units.count(shown.openConnections(), "open connection") + " ("
                + queueCause(closed, of, shown) + ")";
    }

    /** True if a pool has had a connection or a request. */
    private static boolean inUse(PoolLevels p) {
        return p.openConnections() + p.connecting() + p.connects() + p.connectFailures() + p.queued() + p.inFlight()
                > 0;
    }

    /**
     * The target (plan order) the line names: the one with the most requests that gave up waiting or were dropped
     * in {@code s}, else the most queued.
     */
    private int mostWaiting(IntervalSnapshot s) {
        // Counted, not merged: the histograms of a target's requests are not needed to choose it.
        long[] failed = new long[s.targets().size()];
        for (int i = 0; i < requestTarget.length; i++) {
            for (Stats r : List.of(s.requests().get(i), s.warmupRequests().get(i))) {
                failed[requestTarget[i]] += r.errors(ErrorKind.ACQUIRE_TIMEOUT) + r.dropped();
            }
        }
        int most = 0;
        for (int t = 1; t < failed.length; t++) {
            long queued = s.targets().get(t).queued();
            long mostQueued = s.targets().get(most).queued();
            // Requests that gave up or were dropped first: they are what the line is never to leave out.
            if (failed[t] > failed[most] || (failed[t] == failed[most] && queued > mostQueued)) {
                most = t;
            }
        }
        return most;
    }

    /**
     * Why requests waited for a connection, for the end of the warning. A connection being opened for every
     * request queued ({@code queued <= connecting}: the pool dials one for each request waiting while it has
     * room) means the wait is for connects, not for a busy connection or the pool's limit: connections are
     * opened again and again, without keep-alive or because the server closes them. Users wait for failed
     * connections to be replaced only when {@link #connectionFailures connections failed}: requests that gave up
     * waiting for one are no sign of that. While not one connection to a target with requests waiting has
     * opened yet, that is the reason (a target that accepts none holds its requests up until the connect
     * timeout). The flags are named as the command line has them, with the
     * plan's keys beside: this check cannot tell where the plan came from.
     */
    private String queueCause(boolean closed, Stats total, PoolLevels pools) {
        if (pools.queued() > 0 && pools.openConnections() == 0 && pools.connecting() > 0 && pools.connects() == 0) {
            // Not one connection is up yet (its TCP connect, and TLS handshake over https, not done): a target
            // that accepts none, or never finishes a handshake, holds its requests up, and there is no connection
            // whose failure users wait to see replaced.
            return "no connection to the target is up yet"
                    + (pools.connectFailures() > 0 ? ": see the connection errors" : "");
        }
        if (closed && connectionFailures(total) > 0) {
            return "users wait while failed connections are replaced: see the errors";
        }
        if (pools.connecting() > 0 && pools.queued() <= pools.connecting()) {
            return (closed ? "users" : "requests") + " wait while connections are opened: " + reopened(closed, pools);
        }
        if (!closed) {
            return "the target is slow, or raise --max-connections, max_connections in a plan";
        }
        return "fewer connections than users: raise --max-connections, max_connections in a plan"
                + (pools.connectFailures() > 0 ? ", or see the connection errors" : "");
    }

    /**
     * Requests whose connection failed under them, or could not be opened for them: every failure but a wait
     * for a connection that gave up ({@code acquire_timeout}), which had none to lose. Those are the open
     * phase's requests still queued when a small closed phase follows it, or users beyond the limit, and no
     * connection is replaced for them. A request timeout counts: with the default timeouts (acquire 3 s, request
     * 10 s) it ends a request on a connection, which it closes.
     */
    private static long connectionFailures(Stats total) {
        return total.failures() - total.errors(ErrorKind.ACQUIRE_TIMEOUT);
    }

    /**
     * Why connections keep being opened: keep-alive is off; or gale's own requests ask for the close, with a
     * {@code Connection: close} header ({@code -H}, or a plan's {@code headers}), as {@code --no-keepalive}
     * would; or gale closes them, after bytes the server sent beyond a response ({@code pools} counts those); or
     * (closed model) the server closes them.
     */
    private String reopened(boolean closed, PoolLevels pools) {
        boolean keepAlive =
                plan.targets().stream().anyMatch(t -> t.connections().keepAlive());
        boolean tls = plan.targets().stream().anyMatch(Target::tls);
        String handshake = tls ? ", with a TLS handshake" : "";
        if (!keepAlive) {
            return "keep-alive is off, so each request opens its own" + handshake;
        }
        long closing =
                plan.requests().stream().filter(RequestSpec::closesConnection).count();
        int requests = plan.requests().size();
        if (closing == requests) {
            return (requests == 1 ? "the request's" : "every request's")
                    + " Connection: close header closes each connection, like --no-keepalive, so each request"
                    + " opens its own" + handshake;
        }
        if (closing > 0) {
            return closing + " of the " + requests + " requests " + (closing == 1 ? "sends" : "send")
                    + " Connection: close, which closes each connection it is sent on, like --no-keepalive";
        }
        if (pools.closedAfterExtraBytes() > 0) {
            // Not the server: gale, which cannot trust a connection after them (the live warning quotes the bytes).
            return "gale closes them after the bytes the server sends beyond its responses"
                    + (closed ? ", so requests open new ones" : "");
        }
        // A closed-model user's connection stays open while the server keeps it: the server closes them. In
        // the open model, the pool also grows as more requests are in flight at once.
        return closed
                ? "the server closes them, so requests open new ones"
                : "the server closes them, or more are needed";
    }

    /** Requests queued at an interval's end that are worth a warning, at the least. */
    static final long MIN_QUEUED = 10;

    /**
     * True if the phase named {@code name} is closed-model: its users each wait for a response before the
     * next request, so a queue means there are fewer connections than users, never a slow target.
     */
    private boolean closedModel(String name) {
        return load(name) instanceof LoadModel.Closed;
    }

    /** True if the phase named {@code name} has Poisson arrivals, whose count per interval is random. */
    private boolean poisson(String name) {
        return load(name) instanceof LoadModel.Open o && o.arrivals() == LoadModel.Arrivals.POISSON;
    }

    /** The load of the phase named {@code name}; null if none is. */
    private LoadModel load(String name) {
        return plan.phase(name).map(Phase::load).orElse(null);
    }
}
