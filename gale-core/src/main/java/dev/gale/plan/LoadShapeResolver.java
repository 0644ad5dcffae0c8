package dev.gale.plan;

import static dev.gale.plan.PlanValues.intAt;
import static dev.gale.plan.PlanValues.longAt;
import static dev.gale.plan.PlanValues.text;
import static dev.gale.plan.PlanValues.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Resolves a plan file's load shape into its phases: a list of phases, stages, or the top-level rate or
 * connections with a duration or a request limit; then the warm-up before the first phase. Open phases
 * share the top-level arrivals, seed, burst and tick unless they set their own. Adds a problem for every
 * contradiction or missing piece the schema cannot see. Not thread-safe.
 */
final class LoadShapeResolver {
    /** Duration of a plan that gives neither a duration nor a request limit, as on the command line. */
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);

    private final PlanTree tree;
    private final PlanProblems problems;
    private final PlanValues values;
    private final JsonNode root;

    /** True once the top-level seed has been reported as out of place. */
    private boolean seedReported;

    LoadShapeResolver(PlanTree tree, PlanProblems problems, PlanValues values) {
        this.tree = tree;
        this.problems = problems;
        this.values = values;
        this.root = tree.root();
    }

    /** The phases, warm-up first if there is one; null if the load shape is too broken to build (problems says why). */
    List<Phase> phases() {
        Long given = wholeNumber(root.get("seed"));
        long seed = given != null ? given : new SplittableRandom().nextInt(1, Integer.MAX_VALUE);
        boolean hasPhases = root.has("phases");
        List<String> shapeKeys = new ArrayList<>();
        for (String k : List.of("rate", "stages", "duration", "max_requests")) {
            if (root.has(k)) {
                shapeKeys.add(k);
            }
        }
        // What open phases share unless they set their own: rates come per phase.
        LoadModel.Open shape = new LoadModel.Open(
                0,
                0,
                arrivals(root.get("arrivals"), LoadModel.Arrivals.UNIFORM),
                seed,
                intAt(root, "burst", 0),
                tickNanos("", 0));
        List<Phase> phases;
        if (hasPhases) {
            for (String k : shapeKeys) {
                problems.add(
                        "/" + k,
                        tree.flag("/" + k) != null
                                ? "contradicts the plan's phases, which set their own load and length; use -R or --stage"
                                        + " to replace them, or edit the plan"
                                : "contradicts phases: give either a list of phases or the top-level " + k);
            }
            if (tree.flag("/connections") != null
                    && root.get("connections").asLong() >= 1 // a bad value is reported as such
                    && everyTargetSetsItsConnections()) {
                problems.add(
                        "/connections",
                        "changes nothing here: the plan's phases set their own load and every target its own"
                                + " max_connections; use --stage TIME:Nc to replace the phases, or --max-connections");
            }
            phases = listedPhases(shape);
            if (phases != null && phases.stream().noneMatch(q -> q.load() instanceof LoadModel.Open)) {
                closedOnlyKeys("", "every phase of the plan has connections (a closed model)");
            }
        } else if (root.has("stages")) {
            for (String k : List.of("rate", "duration", "max_requests")) {
                if (root.has(k)) {
                    problems.add(
                            "/" + k,
                            "contradicts stages: each stage has its own duration and target;"
                                    + " give either stages or " + k);
                }
            }
            phases = stagePhases(shape);
            if (phases != null && phases.size() > Plan.MAX_PHASES) {
                problems.add(
                        "/stages",
                        "the stages make " + phases.size() + " phases (a stage of 0s makes none), and a plan may have"
                                + " at most " + Plan.MAX_PHASES);
                return null;
            }
        } else {
            phases = topLevelPhase(shape);
        }
        if (phases == null) {
            return null;
        }
        if (root.has("seed")
                && !seedReported
                && !overriddenByFlag("/seed")
                && phases.stream().noneMatch(LoadShapeResolver::poisson)) {
            // A top-level seed is every phase's default: it only needs one phase that draws from it.
            problems.add(
                    "/seed",
                    tree.flag("/seed") != null
                            ? "applies to --arrivals poisson, but the plan has no Poisson arrivals; add --arrivals"
                                    + " poisson, or leave --seed out"
                            : "seed applies to Poisson arrivals (arrivals: poisson), but the plan has none; add"
                                    + " arrivals: poisson, or leave the seed out");
        }
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            if (hasPhases) {
                checkTick(p, tickPointer(i), "phase '" + p.name() + "'", null);
            } else {
                checkTick(p, "/tick", root.has("stages") ? p.name() : "the duration", "/duration");
            }
        }
        if (root.has("warmup")) {
            Duration w = values.duration("/warmup");
            if (w != null && phases.size() >= Plan.MAX_PHASES) {
                problems.add(
                        "/warmup",
                        "the warm-up would be a phase of its own, the " + (phases.size() + 1) + "th, and a plan may"
                                + " have at most " + Plan.MAX_PHASES + "; "
                                + (hasPhases
                                        ? "make the first phase the warm-up (warmup: true) instead"
                                        : "leave it out, or use fewer stages"));
                return null;
            }
            if (w != null && !phases.isEmpty()) {
                List<Phase> withWarmup = new ArrayList<>();
                Phase warmup = Phase.warmupBefore(phases, w);
                checkTick(warmup, tickPointer(Phase.warmsUp(phases)), "the warm-up", "/warmup");
                withWarmup.add(warmup);
                withWarmup.addAll(phases);
                phases = withWarmup;
            }
        }
        return phases;
    }

    /**
     * Reports a tick not shorter than the phase {@code p} it paces, which would send all the phase's arrivals
     * at its start: at the tick's place in the plan, or, when a flag set it, naming the flag and the phase of
     * the plan that is too short for it. {@link Plan#validate()} has the same rule, without the places.
     *
     * @param tickPointer where the tick of {@code p} comes from: the phase's own, or the top-level one
     * @param span the phase as a message names it: {@code phase 'ramp'}, {@code the warm-up}
     * @param lengthPointer where the phase's length comes from when a flag may have set it, or null
     */
    private void checkTick(Phase p, String tickPointer, String span, String lengthPointer) {
        if (!(p.load() instanceof LoadModel.Open o)
                || o.tickNanos() <= 0
                || p.duration() == null
                || o.tickNanos() < p.duration().toNanos()) {
            return;
        }
        String tick = Durations.format(Duration.ofNanos(o.tickNanos()));
        String length = Durations.format(p.duration());
        String tickFlag = tree.flag(tickPointer);
        String lengthFlag = lengthPointer == null ? null : tree.flag(lengthPointer);
        String than = lengthFlag != null
                ? lengthFlag + " " + length
                : span + " (" + length + ")" + (tickFlag != null ? " of " + tree.file() : "");
        if (tickFlag != null) {
            // As RunCommand words a --tick too long for --duration: the user wrote the flag, not the plan.
            problems.addWhole(
                    tickPointer,
                    tickFlag + " " + tick + " is not shorter than " + than
                            + ": all its arrivals would go at its start. Use a tick well under it, "
                            + Durations.tickAdvice(p.duration()));
        } else {
            problems.add(tickPointer, tick + " is not shorter than " + than + Plan.tickTooLong(p.duration()));
        }
    }

    /** Where the tick of listed phase {@code i} comes from: the phase's own tick, or the top-level one. */
    private String tickPointer(int i) {
        String own = "/phases/" + i + "/tick";
        return root.at(own).isMissingNode() ? "/tick" : own;
    }

    private List<Phase> topLevelPhase(LoadModel.Open shape) {
        Duration d = values.duration("/duration");
        long max = longAt(root, "max_requests", 0);
        // Read whatever the duration is, so that a rate too high is reported beside a duration too long.
        double[] r = root.has("rate") ? range(root.get("rate"), "/rate", false) : null;
        if (d == null && max == 0) {
            d = root.has("duration") ? null : DEFAULT_DURATION;
            if (d == null) {
                return null; // reported: its form by the schema, its size by PlanValues
            }
        }
        LoadModel load;
        if (root.has("rate")) {
            if (r == null) {
                return null;
            }
            if (r[0] != r[1] && !root.has("duration")) {
                problems.add("/rate", "the ramp " + text(root.get("rate")) + " needs a duration (e.g. duration: 60s)");
            }
            load = shape.withRates(r[0], r[1]);
        } else {
            closedOnlyKeys("", "the load is a closed model (no rate)");
            load = LoadModel.Closed.connections(intAt(root, "connections", ConnectionSettings.DEFAULT_MAX_CONNECTIONS));
        }
        return List.of(new Phase("main", load, d, max, false));
    }

    /**
     * True if the plan's seed at {@code pointer} lost its meaning to a flag: {@code --arrivals} makes the
     * arrivals uniform for one run, {@code --rate} or {@code --stage} replace the plan's phases (its Poisson
     * ones too). A flag that changes the load for one run does not make the plan's seeds wrong.
     */
    private boolean overriddenByFlag(String pointer) {
        return tree.flag(pointer) == null
                && (tree.flag("/arrivals") != null || tree.flag("/rate") != null || tree.flag("/stages") != null);
    }

    /** True if every target of the plan sets max_connections, so that top-level connections set none. */
    private boolean everyTargetSetsItsConnections() {
        JsonNode targets = root.get("targets");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            return false;
        }
        for (JsonNode t : targets) {
            if (!t.has("max_connections")) {
                return false;
            }
        }
        return true;
    }

    private static boolean poisson(Phase p) {
        return p.load() instanceof LoadModel.Open o && o.arrivals() == LoadModel.Arrivals.POISSON;
    }

    /** Reports arrivals/seed/burst/tick at {@code pointer}, which only mean something in the open model. */
    private void closedOnlyKeys(String pointer, String why) {
        JsonNode at = pointer.isEmpty() ? root : root.at(pointer);
        for (String k : List.of("arrivals", "seed", "burst", "tick")) {
            // A plan's own seed under --stage TIME:Nc was for the Poisson phases the flag replaced.
            boolean replaced = k.equals("seed") && pointer.isEmpty() && tree.flag("/stages") != null;
            if (at.has(k) && !(replaced && overriddenByFlag("/seed"))) {
                problems.add(pointer + "/" + k, k + " applies to the open model (a rate), but " + why);
                seedReported |= pointer.isEmpty() && k.equals("seed");
            }
        }
    }

    private List<Phase> stagePhases(LoadModel.Open shape) {
        JsonNode list = root.get("stages");
        if (!list.isArray()) {
            return null;
        }
        List<Stage> stages = new ArrayList<>();
        Boolean closed = null;
        double previous = 0; // where the stage starts from: the end of the one before, 0 for the first
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String at = "/stages/" + i;
            if (!s.isObject()) {
                return null;
            }
            // 0 is a step to the stage's target, as in k6.
            Duration d = values.durationOrZeroOr(at + "/duration", null);
            if (d != null && Stage.stepsForNothing(d, i == list.size() - 1)) {
                problems.add(
                        at + "/duration",
                        text(s.get("duration")) + " steps to the stage's target for the stages after it, but it is the"
                                + " last; leave the stage out, or give it a duration above zero");
                continue;
            }
            boolean rate = s.has("rate");
            boolean conns = s.has("connections");
            if (rate && conns) {
                problems.add(at + "/connections", "contradicts rate: a stage ramps either a rate or connections");
                continue;
            }
            if (!rate && !conns) {
                if (!problems.has(at + "/target")) { // k6's name for it: the schema has told what gale's is
                    problems.add(at, "give the stage's target: rate (requests per second) or connections");
                }
                continue;
            }
            if (closed != null && closed != conns) {
                problems.add(
                        at + (conns ? "/connections" : "/rate"),
                        "all stages must ramp the same thing: stage 1 ramps " + (closed ? "connections" : "a rate"));
                continue;
            }
            closed = conns;
            JsonNode v = s.get(conns ? "connections" : "rate");
            if (!v.isNumber() || v.asDouble() < 0) {
                continue; // reported by the schema
            }
            double target = v.asDouble();
            if (!conns && target > Plan.MAX_RATE) {
                problems.add(at + "/rate", "must be " + Plan.MAX_RATE_STATED + Rates.plain(target));
                continue;
            }
            if (conns && previous == 0 && target == 0 && d != null && !d.isZero()) {
                problems.add(
                        at + "/connections",
                        "the stage goes from 0 to 0 connections, so no user would run in it; give it connections"
                                + " above 0");
            }
            previous = target;
            if (d != null) {
                stages.add(new Stage(d, target, conns));
            }
        }
        if (Boolean.TRUE.equals(closed)) {
            closedOnlyKeys("", "the stages ramp connections (a closed model)");
        } else if (!stages.isEmpty()
                && stages.size() == list.size()
                && stages.stream().allMatch(st -> st.target() == 0)) {
            problems.add("/stages", "every stage's rate is 0: no request would be sent; give a stage a rate above 0");
            return null;
        }
        if (stages.size() != list.size()) {
            return null;
        }
        return Stage.phases(stages, shape);
    }

    private List<Phase> listedPhases(LoadModel.Open shape) {
        JsonNode list = root.get("phases");
        if (!list.isArray()) {
            return null;
        }
        List<Phase> phases = new ArrayList<>();
        UniqueNames names = new UniqueNames("phase", problems);
        boolean complete = true;
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String at = "/phases/" + i;
            if (!p.isObject()) {
                complete = false;
                continue;
            }
            String name = p.has("name") ? p.get("name").asText() : "phase " + (i + 1);
            names.add(name, i, at + (p.has("name") ? "/name" : ""), "");
            Duration d = values.duration(at + "/duration");
            long max = longAt(p, "max_requests", 0);
            if (!p.has("duration") && !p.has("max_requests")) {
                problems.add(at, "give the phase a duration (e.g. duration: 30s) or max_requests");
                complete = false;
            }
            boolean rate = p.has("rate");
            boolean conns = p.has("connections");
            LoadModel load = null;
            if (rate && conns) {
                problems.add(
                        at + "/connections",
                        "contradicts rate: a phase is either open (rate) or closed"
                                + " (connections); to limit an open phase's connections, set max_connections on the target");
            } else if (!rate && !conns) {
                if (!problems.has(at + "/target")) { // k6's name for it: the schema has told what gale's is
                    problems.add(at, "give the phase a load: rate (open model) or connections (closed model)");
                }
            } else if (rate) {
                double[] r = range(p.get("rate"), at + "/rate", false);
                if (r != null) {
                    if (r[0] != r[1] && !p.has("duration")) {
                        problems.add(at + "/rate", "the ramp " + text(p.get("rate")) + " needs a duration");
                    }
                    LoadModel.Arrivals arrivals = arrivals(p.get("arrivals"), shape.arrivals());
                    if (p.has("seed") && arrivals != LoadModel.Arrivals.POISSON && !overriddenByFlag(at + "/seed")) {
                        problems.add(
                                at + "/seed",
                                "seed applies to Poisson arrivals (arrivals: poisson), but this phase's arrivals are"
                                        + " uniform; add arrivals: poisson, or leave the seed out");
                    }
                    Long seed = wholeNumber(p.get("seed"));
                    load = new LoadModel.Open(
                            r[0],
                            r[1],
                            arrivals,
                            seed != null ? seed : shape.seed(),
                            intAt(p, "burst", shape.burst()),
                            tickNanos(at, shape.tickNanos()));
                }
            } else {
                closedOnlyKeys(at, "this phase has connections (a closed model)");
                double[] c = range(p.get("connections"), at + "/connections", true);
                if (c != null) {
                    if (c[0] != c[1] && !p.has("duration")) {
                        problems.add(
                                at + "/connections", "the ramp " + text(p.get("connections")) + " needs a duration");
                    }
                    load = new LoadModel.Closed((int) c[0], (int) c[1]);
                }
            }
            if (load == null || (p.has("duration") && d == null)) {
                complete = false;
                continue;
            }
            boolean warmup = p.path("warmup").asBoolean(false);
            Phase phase = new Phase(name, load, d, max, warmup);
            // A phase with neither a duration nor max_requests is told to give one, above.
            if (i < list.size() - 1 && !phase.endsByTime() && p.has("max_requests")) {
                problems.add(
                        at,
                        "only the last phase may end on max_requests alone; give this phase a duration"
                                + " (e.g. duration: 30s)");
            }
            phases.add(phase);
        }
        if (complete && !phases.isEmpty() && phases.stream().allMatch(Phase::warmup)) {
            problems.add("/phases", "every phase is a warm-up: nothing would be measured; set warmup: false on one");
            return null;
        }
        return complete ? phases : null;
    }

    /**
     * A rate or connections: a number, or {@code FROM..TO}. Null if the value is not usable: not above zero
     * or not a number or ramp (the schema reports those), or a ramp whose ends are both zero (with a problem).
     */
    private double[] range(JsonNode v, String pointer, boolean whole) {
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            double x = v.asDouble();
            if (!whole && x > Plan.MAX_RATE) {
                problems.add(pointer, "must be " + Plan.MAX_RATE_STATED + Rates.plain(x));
                return null;
            }
            return x > 0 ? new double[] {x, x} : null;
        }
        if (!v.isTextual()) {
            return null;
        }
        String s = v.asText().trim();
        int dots = s.indexOf("..");
        if (dots < 0) {
            // A number in quotes ('1000'); one of another form (a sign) the schema has reported already.
            if (whole || !s.matches(Rates.NUMBER)) {
                return null;
            }
            double x = Double.parseDouble(s);
            if (!(x > 0)) {
                problems.add(pointer, "must be > 0, got '" + s + "'");
                return null;
            }
            return range(DoubleNode.valueOf(x), pointer, false);
        }
        try {
            double a = Double.parseDouble(s.substring(0, dots).trim());
            double b = Double.parseDouble(s.substring(dots + 2).trim());
            if (a == 0 && b == 0) {
                problems.add(pointer, "a ramp must not be 0..0");
                return null;
            }
            if (whole && Math.max(a, b) > Plan.MAX_CONNECTIONS) {
                problems.add(pointer, "must be <= " + Plan.MAX_CONNECTIONS + " connections, got " + s);
                return null;
            }
            if (!whole && Math.max(a, b) > Plan.MAX_RATE) {
                problems.add(pointer, "must be " + Plan.MAX_RATE_STATED + ", got " + s);
                return null;
            }
            return new double[] {a, b};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LoadModel.Arrivals arrivals(JsonNode v, LoadModel.Arrivals otherwise) {
        if (v == null || !v.isTextual()) {
            return otherwise;
        }
        // In any case, as --arrivals takes it (the schema's pattern has let only these two through).
        return switch (v.asText().toLowerCase(Locale.ROOT)) {
            case "poisson" -> LoadModel.Arrivals.POISSON;
            case "uniform" -> LoadModel.Arrivals.UNIFORM;
            default -> otherwise;
        };
    }

    /**
     * The connections a target gets when it sets no max_connections: enough for every phase. That is the
     * largest closed phase's users, and at least {@link ConnectionSettings#DEFAULT_MAX_CONNECTIONS} when a
     * phase is open (the limit {@code gale run -R} has), so that a small closed phase (a 1-user probe) does not
     * become the limit of the open ones. A top-level connections (or {@code -c}) is the open phases' limit
     * instead of the default, as {@code -c N -R R} is on the command line; the closed phases still get their
     * users.
     *
     * <pre>{@code
     * default = max(connections given ? connections : (any open phase ? 64 : 0), largest closed phase)
     * }</pre>
     *
     * or 64 when that is 0 (no phase could be built: the problems say why).
     *
     * @param phases as {@link #phases()} returned them; may be null
     */
    int defaultMaxConnections(List<Phase> phases) {
        int top = intAt(root, "connections", 0);
        int closed = 0;
        boolean open = false;
        if (phases != null) {
            for (Phase p : phases) {
                if (p.load() instanceof LoadModel.Closed c) {
                    closed = Math.max(closed, Math.max(c.startConnections(), c.endConnections()));
                } else {
                    open = true;
                }
            }
        }
        int forOpen = top > 0 ? top : open ? ConnectionSettings.DEFAULT_MAX_CONNECTIONS : 0;
        int max = Math.max(forOpen, closed);
        return max > 0 ? max : ConnectionSettings.DEFAULT_MAX_CONNECTIONS;
    }

    /**
     * The {@code tick} of the object at {@code pointer} (the root or a phase) in nanoseconds: 0 (off, in any
     * spelling, also in a phase under a top-level tick) or a duration; {@code otherwise} when absent.
     */
    private long tickNanos(String pointer, long otherwise) {
        return values.durationOrZeroOr(pointer + "/tick", Duration.ofNanos(otherwise))
                .toNanos();
    }
}
