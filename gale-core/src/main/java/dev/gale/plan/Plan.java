package dev.gale.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a run needs: targets, the request mix, phases run one after another, and the number of event
 * loops. Immutable; {@link #validate()} checks it before any connection opens.
 *
 * @param targets servers, each with its own connection pool (bulkheads)
 * @param requests the request mix; each request names its target
 * @param phases run in order; at least one
 * @param threads event loops; each owns a slice of the schedule, its pools and its recorders
 * @param thresholds limits the run must stay within; a failed one makes the run exit 1
 * @param name what the plan file calls the plan, shown with what it loads in the reports; empty for none
 */
public record Plan(
        List<Target> targets,
        List<RequestSpec> requests,
        List<Phase> phases,
        int threads,
        List<Threshold> thresholds,
        String name) {

    /** The most phases a plan may have. */
    public static final int MAX_PHASES = 512;

    /** The highest rate: one request per nanosecond, the resolution of the schedule. */
    public static final double MAX_RATE = 1e9;

    /**
     * {@link #MAX_RATE} as every problem with a faster rate states it, after "must be" or after the rate given:
     * {@code --rate 2e9: at most 1e9 req/s, one per nanosecond}.
     */
    public static final String MAX_RATE_STATED = "at most 1e9 req/s, one per nanosecond";

    /** The largest request weight: a mix of thousands of such weights still adds up to a finite sum. */
    static final double MAX_WEIGHT = 1e9;

    /** {@link #MAX_WEIGHT} as every problem with a larger weight states it, after "must be". */
    static final String MAX_WEIGHT_STATED = "at most 1e9";

    /** The most connections to one target: the TCP ports one client address has. */
    public static final int MAX_CONNECTIONS = 65_535;

    /** The most request names a plan may have (each has a recorder for measured and one for warm-up load). */
    public static final int MAX_REQUESTS = 1 << 19;

    public Plan {
        targets = List.copyOf(targets);
        requests = List.copyOf(requests);
        phases = List.copyOf(phases);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        name = name == null ? "" : name;
    }

    /** A plan without a name. */
    public Plan(
            List<Target> targets,
            List<RequestSpec> requests,
            List<Phase> phases,
            int threads,
            List<Threshold> thresholds) {
        this(targets, requests, phases, threads, thresholds, "");
    }

    /** A plan without thresholds or a name. */
    public Plan(List<Target> targets, List<RequestSpec> requests, List<Phase> phases, int threads) {
        this(targets, requests, phases, threads, List.of());
    }

    /** This plan with the given thresholds instead of its own. */
    public Plan withThresholds(List<Threshold> values) {
        return new Plan(targets, requests, phases, threads, values, name);
    }

    /** This plan named {@code value} (a plan file's {@code name}, shown in reports); empty for none. */
    public Plan withName(String value) {
        return new Plan(targets, requests, phases, threads, thresholds, value);
    }

    /** Why a plan may not ask for more event loops than a target has connections. */
    private static final String THREADS_NEED_CONNECTIONS =
            "each thread needs one of its own to every target, as wrk needs connections >= threads";

    /**
     * What is wrong with asking for {@code threads} event loops, if a target has fewer connections: each loop
     * needs one of its own to every target, and wrk too refuses fewer connections than threads. A run of such a
     * plan uses fewer loops; a caller that asked for the number says so, naming its own settings: {@code N is
     * more than the C connections of target 'T': (why). Give at most THREADS_SETTING C, or CONNECTIONS_SETTING N}.
     *
     * @param threadsSetting how the caller sets the threads, followed by the number: {@code "-t "}
     * @param connectionsSetting how it sets a target's connections: {@code "--max-connections "}
     * @return the problem, or empty if every target has a connection for each loop
     */
    public static Optional<String> threadsOverConnections(
            int threads, List<Target> targets, String threadsSetting, String connectionsSetting) {
        Target least = leastConnections(targets);
        if (least == null || least.connections().maxConnections() >= threads) {
            return Optional.empty();
        }
        int connections = least.connections().maxConnections();
        return Optional.of(threads + " is more than the " + connections
                + (connections == 1 ? " connection" : " connections") + " of target '" + least.name()
                + "': " + THREADS_NEED_CONNECTIONS + ". Give at most " + threadsSetting + connections + ", or "
                + connectionsSetting + threads);
    }

    /** The first of {@code targets} with the fewest connections, which bounds the event loops; null if none. */
    public static Target leastConnections(List<Target> targets) {
        Target least = null;
        for (Target t : targets) {
            if (least == null
                    || t.connections().maxConnections() < least.connections().maxConnections()) {
                least = t;
            }
        }
        return least;
    }

    /** The index of the request with this name in {@link #requests()}, or -1. */
    public int requestIndex(String name) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The target with this name. */
    public Optional<Target> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The first phase with this name. */
    public Optional<Phase> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Index of the target with this name in {@link #targets()}, or -1. */
    public int targetIndex(String name) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The plan's length, warm-up included: the sum of {@link Phase#durationNanos()} ({@link
     * Phase#lastPhaseNanos()} for the last phase, which a request limit may end early); 0 if a phase's length is
     * known only when it ends (closed users or Poisson arrivals bounded by a number of requests).
     */
    public long plannedNanos() {
        return plannedNanos(true);
    }

    /**
     * The measured part of the plan's length: {@link #plannedNanos()} without the warm-up; 0 if a phase's
     * length is known only when it ends.
     */
    public long measuredPlannedNanos() {
        return plannedNanos(false);
    }

    private long plannedNanos(boolean withWarmup) {
        long nanos = 0;
        for (int i = 0; i < phases.size(); i++) {
            long length = phaseNanos(i);
            if (length == Long.MAX_VALUE) {
                return 0;
            }
            nanos += withWarmup || !phases.get(i).warmup() ? length : 0;
        }
        return nanos;
    }

    /**
     * How long phase {@code i} runs: {@link Phase#durationNanos()}, or {@link Phase#lastPhaseNanos()} for the
     * last phase, which a request limit may end early; {@link Long#MAX_VALUE} if known only when it ends. The
     * one length of a phase: the engine measures the phase for it, and the reports (the summary's rates and
     * overrun, the live view's total, the dry-run's schedule) count it.
     */
    public long phaseNanos(int i) {
        Phase p = phases.get(i);
        return i == phases.size() - 1 ? p.lastPhaseNanos() : p.durationNanos();
    }

    /**
     * When each phase starts, in nanoseconds from the run's start: the phases laid end to end, each {@link
     * Phase#durationNanos()} long; {@link Long#MAX_VALUE} after a phase whose length is known only when it ends.
     */
    public long[] phaseStartsNanos() {
        long[] starts = new long[phases.size()];
        long t = 0;
        for (int p = 0; p < starts.length; p++) {
            starts[p] = t;
            long length = phases.get(p).durationNanos();
            t = length == Long.MAX_VALUE || t == Long.MAX_VALUE ? Long.MAX_VALUE : t + length;
        }
        return starts;
    }

    /**
     * This plan without the closed-model users its request limits leave nothing to send: each phase as {@link
     * Phase#usersWithinRequestLimit()} has it, so that {@code -n 1 -c 64} runs one user on one connection. What
     * follows from the users follows them. A leading warm-up that offers the load the phase it warms up starts
     * with (as {@link Phase#warmupBefore} makes it) offers that phase's new load. When every phase is closed, no
     * target keeps more connections than the most users of a phase, since no more requests are ever in flight at
     * once; the event loops, at most one per connection, are then no more than the users either. The requests
     * sent, the request limits and everything else stay as they are.
     *
     * @return this plan if no phase has users to spare, else the plan without them
     */
    public Plan usersWithinRequestLimits() {
        List<Phase> cut = new ArrayList<>(phases.size());
        for (Phase p : phases) {
            cut.add(p.usersWithinRequestLimit());
        }
        if (cut.equals(phases)) {
            return this;
        }
        Phase first = phases.get(0);
        if (first.warmup() && first.maxRequests() == 0 && first.duration() != null && phases.size() > 1) {
            Duration length = first.duration();
            if (first.load()
                    .equals(Phase.warmupBefore(phases.subList(1, phases.size()), length)
                            .load())) {
                LoadModel load =
                        Phase.warmupBefore(cut.subList(1, cut.size()), length).load();
                cut.set(0, new Phase(first.name(), load, length, 0, true));
            }
        }
        List<Target> within = targets;
        if (cut.stream().allMatch(p -> p.load() instanceof LoadModel.Closed)) {
            int users = cut.stream()
                    .mapToInt(p -> p.load() instanceof LoadModel.Closed c
                            ? Math.max(c.startConnections(), c.endConnections())
                            : 0)
                    .max()
                    .orElseThrow();
            within = targets.stream()
                    .map(t -> t.connections().maxConnections() <= users
                            ? t
                            : new Target(
                                    t.name(),
                                    t.scheme(),
                                    t.host(),
                                    t.port(),
                                    t.connections().withMaxConnections(users),
                                    t.basePath()))
                    .toList();
        }
        return new Plan(within, requests, cut, threads, thresholds, name);
    }

    /** True if any phase is a warm-up phase. */
    public boolean hasWarmup() {
        return phases.stream().anyMatch(Phase::warmup);
    }

    /**
     * Checks the plan as a whole and returns it.
     *
     * @throws InvalidPlanException listing every problem found, not just the first
     */
    public Plan validate() {
        List<String> problems = new ArrayList<>();
        if (threads < 1) {
            problems.add("threads must be >= 1 (got " + threads + ")");
        }
        if (targets.isEmpty()) {
            problems.add("no target: give a URL or a plan with at least one target");
        }
        Set<String> names = new HashSet<>();
        for (Target t : targets) {
            String where = "target '" + t.name() + "'";
            if (!names.add(t.name())) {
                problems.add(where + ": the name is used twice; target names must be unique");
            }
            checkConnections(where, t.connections(), problems);
        }
        if (requests.size() > MAX_REQUESTS) {
            problems.add("a plan may have at most " + MAX_REQUESTS + " requests (got " + requests.size() + ")");
        }
        if (requests.isEmpty()) {
            problems.add("no request: give a URL or a plan with at least one request");
        }
        names.clear();
        for (RequestSpec r : requests) {
            String where = "request '" + r.name() + "'";
            if (!names.add(r.name())) {
                problems.add(where + ": the name is used twice; request names must be unique");
            }
            if (targetIndex(r.target()) < 0) {
                problems.add(where + ": unknown target '" + r.target() + "'");
            }
            if (!Header.isToken(r.method())) {
                problems.add(where + ": method '" + r.method() + "' is not an HTTP token");
            }
            if (!r.path().startsWith("/")) {
                problems.add(where + ": path must start with '/' (got '" + r.displayPath() + "')");
            }
            if (!(r.weight() > 0)) {
                problems.add(where + ": weight must be > 0 (got " + r.weight() + ")");
            } else if (r.weight() > MAX_WEIGHT) {
                problems.add(where + ": weight must be " + MAX_WEIGHT_STATED + " (got " + r.weight()
                        + "); weights count only relative to each other");
            }
            for (Header h : r.headers()) {
                String why = BodyFraming.problem(h, r.headers(), r.body());
                if (why != null) {
                    problems.add(where + ": " + h + " " + why);
                }
            }
        }
        if (phases.isEmpty()) {
            problems.add("no phase: a plan needs at least one phase with a load model");
        }
        if (phases.size() > MAX_PHASES) {
            problems.add("a plan may have at most " + MAX_PHASES + " phases (got " + phases.size() + ")");
        }
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            String where = "phase '" + p.name() + "'";
            checkPhase(where, p, problems);
            if (i < phases.size() - 1 && !p.endsByTime() && p.maxRequests() > 0) {
                problems.add(
                        where + ": only the last phase may end on a number of requests alone; give it a" + " duration");
            }
        }
        if (!phases.isEmpty() && phases.stream().allMatch(Phase::warmup)) {
            problems.add("every phase is a warm-up: nothing would be measured");
        }
        // A rate of 0 is a pause between other phases; with nothing else, no request would be sent. (A closed
        // phase of 0 connections is reported by itself, whatever the others.)
        if (!phases.isEmpty() && phases.stream().allMatch(p -> p.load() instanceof LoadModel.Open o && o.isZero())) {
            problems.add(
                    phases.size() == 1
                            ? "phase '" + phases.get(0).name() + "': rate must be > 0 (got 0). Omit the rate to run"
                                    + " a closed model"
                            : "every phase's rate is 0: no request would be sent; give a phase a rate above 0");
        }
        for (Threshold t : thresholds) {
            if (t.request() != null && requestIndex(t.request()) < 0) {
                problems.add("threshold '" + t.expression() + "': no request is named '" + t.request() + "' (requests: "
                        + String.join(
                                ", ", requests.stream().map(RequestSpec::name).toList())
                        + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlanException(problems);
        }
        return this;
    }

    private static void checkConnections(String where, ConnectionSettings c, List<String> problems) {
        if (c.maxConnections() < 1) {
            problems.add(where + ": max connections must be >= 1 (got " + c.maxConnections() + ")");
        } else if (c.maxConnections() > MAX_CONNECTIONS) {
            problems.add(where + ": max connections must be at most 65535, the TCP ports of one client address"
                    + " (got " + c.maxConnections() + ")");
        }
        timeout(where + ": connect timeout", c.connectTimeout(), problems);
        timeout(where + ": read timeout", c.readTimeout(), problems);
        timeout(where + ": acquire timeout", c.acquireTimeout(), problems);
        timeout(where + ": request timeout", c.requestTimeout(), problems);
        positive(where + ": idle timeout", c.idleTimeout(), problems);
        if (c.cooldown() == null || c.cooldown().isNegative()) {
            problems.add(where + ": cooldown must be >= 0 (got " + c.cooldown() + ")");
        }
        if (c.queueCapacity() < 0) {
            problems.add(where + ": queue capacity must be >= 0 (got " + c.queueCapacity() + ")");
        }
    }

    private static void positive(String what, Duration d, List<String> problems) {
        if (d == null || d.isZero() || d.isNegative()) {
            problems.add(what + " must be > 0 (got " + d + ")");
        }
    }

    /**
     * Adds a problem naming {@code what} if the timeout {@code d} is not above 0, or is longer than {@link
     * ConnectionSettings#MAX_TIMEOUT}: flags and plan files are checked against that bound where they are read,
     * a plan built in code here.
     */
    private static void timeout(String what, Duration d, List<String> problems) {
        positive(what, d, problems);
        if (d != null && d.compareTo(ConnectionSettings.MAX_TIMEOUT) > 0) {
            problems.add(what + ": " + ConnectionSettings.tooLong(d));
        }
    }

    /**
     * What follows "tick ... is not shorter than ..." in a plan's message for a span {@code span} long: why
     * that is wrong, what to do.
     */
    static String tickTooLong(Duration span) {
        return ": all its arrivals would go at its start; use a tick well under it, " + Durations.tickAdvice(span);
    }

    private static void checkPhase(String where, Phase p, List<String> problems) {
        if (p.duration() != null && (p.duration().isNegative() || p.duration().isZero())) {
            problems.add(where + ": duration must be > 0 (got " + p.duration() + ")");
        }
        if (p.maxRequests() < 0) {
            problems.add(where + ": requests must be >= 0 (got " + p.maxRequests() + ")");
        }
        if (p.duration() == null && p.maxRequests() == 0) {
            problems.add(where + ": give a duration or a number of requests");
        }
        switch (p.load()) {
            case LoadModel.Open o -> {
                if (!(o.startRatePerSecond() >= 0) || !(o.endRatePerSecond() >= 0)) {
                    problems.add(where + ": rate must be >= 0 (got " + o.startRatePerSecond() + ".."
                            + o.endRatePerSecond() + ")");
                } else if (Math.max(o.startRatePerSecond(), o.endRatePerSecond()) > MAX_RATE) {
                    problems.add(where + ": rate must be " + MAX_RATE_STATED + " (got "
                            + Math.max(o.startRatePerSecond(), o.endRatePerSecond()) + ")");
                }
                if (p.duration() == null && !o.isConstant()) {
                    problems.add(where + ": a ramp needs a duration");
                }
                if (o.burst() < 0) {
                    problems.add(where + ": burst must be >= 0 (got " + o.burst() + ")");
                }
                if (o.tickNanos() < 0) {
                    problems.add(where + ": tick must be >= 0 (got " + o.tickNanos() + "ns)");
                } else if (o.tickNanos() > 0
                        && p.duration() != null
                        && o.tickNanos() >= p.duration().toNanos()) {
                    problems.add(where + ": tick " + Durations.format(Duration.ofNanos(o.tickNanos()))
                            + " is not shorter than the phase (" + Durations.format(p.duration()) + ")"
                            + tickTooLong(p.duration()));
                }
            }
            case LoadModel.Closed c -> {
                if (c.startConnections() < 0 || c.endConnections() < 0) {
                    problems.add(where + ": connections must be >= 1 (got " + c.startConnections() + ".."
                            + c.endConnections() + ")");
                } else if (c.startConnections() == 0 && c.endConnections() == 0) {
                    problems.add(where + ": connections must be >= 1 (got 0)");
                } else if (Math.max(c.startConnections(), c.endConnections()) > MAX_CONNECTIONS) {
                    problems.add(
                            where + ": connections must be at most 65535, the TCP ports of one client address (got "
                                    + Math.max(c.startConnections(), c.endConnections()) + ")");
                }
                if (p.duration() == null && c.startConnections() != c.endConnections()) {
                    problems.add(where + ": a ramp of connections needs a duration");
                }
            }
        }
    }
}
