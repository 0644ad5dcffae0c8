package dev.gale.report;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** One-line descriptions of a plan for headers and progress lines: what it loads, and how. */
public final class PlanDescription {
    private PlanDescription() {}

    /**
     * E.g. {@code open model, 20,000 req/s, 30s} or {@code closed model, 64 connections, 1.5s}: the phase's length
     * as {@link Units#length} writes it, as the run's {@code Running 1.5s test} line and its progress clock do.
     */
    public static String phase(Phase p) {
        return phase(p, true, true);
    }

    /**
     * {@link #phase(Phase)}, with the Poisson arrivals' seed only if {@code seed} (each run draws its own: two
     * runs of one plan differ in nothing else) and the {@code (warm-up)} mark only if {@code warmupMark}.
     */
    static String phase(Phase p, boolean seed, boolean warmupMark) {
        StringBuilder b = new StringBuilder();
        switch (p.load()) {
            case LoadModel.Open o -> {
                b.append(
                        o.arrivals() != LoadModel.Arrivals.POISSON
                                ? "open model, "
                                : seed ? "open model (poisson, seed " + o.seed() + "), " : "open model (poisson), ");
                if (o.isConstant()) {
                    b.append(rate(o.startRatePerSecond())).append(" req/s");
                } else {
                    b.append(rate(o.startRatePerSecond()))
                            .append(" -> ")
                            .append(rate(o.endRatePerSecond()))
                            .append(" req/s");
                }
                if (o.burst() > 0) {
                    b.append(", burst ").append(o.burst());
                }
                if (o.tickNanos() > 0) {
                    b.append(", sent on a ")
                            .append(Units.duration(java.time.Duration.ofNanos(o.tickNanos())))
                            .append(" tick");
                }
            }
            case LoadModel.Closed c -> {
                b.append("closed model, ");
                if (c.startConnections() == c.endConnections()) {
                    b.append(c.startConnections()).append(c.startConnections() == 1 ? " connection" : " connections");
                } else {
                    b.append(c.startConnections())
                            .append(" -> ")
                            .append(c.endConnections())
                            .append(" connections");
                }
            }
        }
        if (p.duration() != null) {
            b.append(", ").append(Units.length(p.duration()));
        }
        if (p.maxRequests() > 0) {
            b.append(", ").append(Units.count(p.maxRequests(), "request"));
        }
        if (p.warmup() && warmupMark) {
            b.append(" (warm-up)");
        }
        return b.toString();
    }

    /**
     * A phase as a report's header lists it: {@code ramp: open model, 200 -> 1,000 req/s, 10s}, the name first when
     * the plan has several phases, and a warm-up named so not said twice ({@code warm-up: open model, 200 req/s,
     * 3s}, where a warm-up of another name keeps its mark).
     */
    public static String listed(Plan plan, Phase p) {
        if (plan.phases().size() == 1) {
            return phase(p);
        }
        return p.name() + ": " + phase(p, true, !p.name().equals("warm-up"));
    }

    /**
     * What a plan loads: its URL when it has one target and one request, the target's URL and the number of
     * requests when it has one target, e.g. {@code 2 targets, 3 requests} otherwise; after the plan's name if
     * it has one: {@code shop: 2 targets, 3 requests}.
     */
    public static String subject(Plan plan) {
        return plan.name().isEmpty() ? loaded(plan) : plan.name() + ": " + loaded(plan);
    }

    private static String loaded(Plan plan) {
        if (plan.targets().size() == 1 && plan.requests().size() == 1) {
            return plan.targets().get(0).baseUrl() + plan.requests().get(0).displayPath();
        }
        String requests = Units.count(plan.requests().size(), "request");
        if (plan.targets().size() == 1) {
            return plan.targets().get(0).baseUrl() + ", " + requests;
        }
        return plan.targets().size() + " targets, " + requests;
    }

    /**
     * What the plan's response times are measured from, for headings: the intended start (open model), or
     * the send (closed model, where each user sends as its previous response arrives, so a stalled server
     * delays only the requests in flight at the time).
     */
    public static String responseTimeBasis(Plan plan) {
        return switch (models(plan)) {
            case OPEN -> "from the intended start";
            case CLOSED -> "closed model: from each send, so a stall delays only the requests in flight";
            case BOTH -> "from the intended start; in closed phases, from each send";
        };
    }

    /** What response time is, for legends: {@code completion - intended start}, and what that start is. */
    public static String responseTimeDefinition(Plan plan) {
        return switch (models(plan)) {
            case OPEN -> "completion - intended start";
            case CLOSED ->
                "completion - intended start, which in a closed model is the user's previous response: a wait for a"
                        + " connection counts, a stall of the server does not (no coordinated-omission correction)";
            case BOTH -> "completion - intended start; in closed phases, the user's previous response";
        };
    }

    /** How the latencies were measured, for a report's footer. */
    public static String latencyMeasurement(Plan plan) {
        return switch (models(plan)) {
            case OPEN -> "measured from each request's intended start (coordinated-omission corrected)";
            case CLOSED ->
                "measured from each user's previous response (closed model: not corrected for coordinated"
                        + " omission)";
            case BOTH ->
                "measured from each request's intended start (coordinated-omission corrected), in closed phases"
                        + " from each user's previous response";
        };
    }

    private enum Models {
        OPEN,
        CLOSED,
        BOTH
    }

    /** The models of the plan's measured phases (of all, if it has none): what its figures are of. */
    private static Models models(Plan plan) {
        List<Phase> measured = plan.phases().stream().filter(p -> !p.warmup()).toList();
        List<Phase> phases = measured.isEmpty() ? plan.phases() : measured;
        boolean open = phases.stream().anyMatch(p -> p.load() instanceof LoadModel.Open);
        boolean closed = phases.stream().anyMatch(p -> p.load() instanceof LoadModel.Closed);
        return !closed ? Models.OPEN : !open ? Models.CLOSED : Models.BOTH;
    }

    /**
     * The whole plan's load: its measured phase ({@code open model, 200 req/s, 3s}), or the number of its measured
     * phases, after its warm-up if it has one ({@code open model, 200 req/s, 3s, after a 1s warm-up}; {@code with
     * 2s of warm-up unmeasured} when a warm-up comes between or after measured phases): a warm-up is not measured,
     * so it is no phase of the load the results are of.
     */
    public static String load(Plan plan) {
        List<Phase> measured = plan.phases().stream().filter(p -> !p.warmup()).toList();
        long warmupNanos = plan.phases().stream()
                .filter(Phase::warmup)
                .mapToLong(p -> p.duration() == null ? 0 : p.duration().toNanos())
                .sum();
        String load = measured.size() == 1 ? phase(measured.get(0)) : Units.count(measured.size(), "phase");
        if (measured.size() == plan.phases().size()) {
            return load;
        }
        String length = warmupNanos > 0 ? Units.length(Duration.ofNanos(warmupNanos)) + " " : "";
        // "after" only when every warm-up comes first: one between or after measured phases is not before them.
        boolean first = measured.isEmpty()
                || plan.phases().indexOf(measured.get(0)) == plan.phases().size() - measured.size();
        return first ? load + ", after a " + length + "warm-up" : load + ", with " + length + "of warm-up unmeasured";
    }

    private static String rate(double r) {
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%,d", (long) r) : String.format(Locale.ROOT, "%,.2f", r);
    }
}
