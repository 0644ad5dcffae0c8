package dev.gale.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a plan file's tree into a {@link Plan}: defaults, names, URLs, bodies, the load shape (top-level
 * rate, connections or stages, or a list of phases, plus the warm-up) and thresholds. Adds a problem, with
 * its place, for every rule the schema cannot express; values of the wrong type are skipped silently,
 * since the schema has already reported them. Not thread-safe; one use.
 */
final class Resolver {
    /** Duration of a plan that gives neither a duration nor a request limit, as on the command line. */
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);

    private final PlanTree tree;
    private final Path baseDir;
    private final List<String> problems;
    private final JsonNode root;

    Resolver(PlanTree tree, Path baseDir, List<String> problems) {
        this.tree = tree;
        this.baseDir = baseDir;
        this.problems = problems;
        this.root = tree.root();
    }

    private void problem(String pointer, String message) {
        problems.add(tree.where(pointer) + ": " + message);
    }

    /** The plan, or null if the file is too broken to build one (problems says why). */
    Plan plan(int defaultThreads) {
        if (!(root instanceof ObjectNode)) {
            return null;
        }
        int threads = intAt(root, "threads", defaultThreads);
        long seed = root.has("seed") && root.get("seed").canConvertToLong()
                ? root.get("seed").asLong()
                : new SplittableRandom().nextInt(1, Integer.MAX_VALUE);
        List<Phase> phases = phases(seed);
        int defaultMax = defaultMaxConnections(phases);
        List<Target> targets = new ArrayList<>();
        Map<String, String> basePaths = new HashMap<>();
        targets(defaultMax, targets, basePaths);
        List<RequestSpec> requests = requests(targets, basePaths);
        List<Threshold> thresholds = thresholds(requests);
        if (phases == null) {
            return null;
        }
        return new Plan(targets, requests, phases, Math.max(1, threads), thresholds);
    }

    // ---- load shape

    private List<Phase> phases(long seed) {
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
                tickNanos(root, 0));
        List<Phase> phases;
        if (hasPhases) {
            for (String k : shapeKeys) {
                problem(
                        "/" + k,
                        tree.flag("/" + k) != null
                                ? "contradicts the plan's phases, which set their own load and length; use -R or --stage"
                                        + " to replace them, or edit the plan"
                                : "contradicts phases: give either a list of phases or the top-level " + k);
            }
            phases = listedPhases(shape);
        } else if (root.has("stages")) {
            for (String k : List.of("rate", "duration", "max_requests")) {
                if (root.has(k)) {
                    problem(
                            "/" + k,
                            "contradicts stages: each stage has its own duration and target;"
                                    + " give either stages or " + k);
                }
            }
            phases = stagePhases(shape);
        } else {
            phases = topLevelPhase(shape);
        }
        if (phases == null) {
            return null;
        }
        if (root.has("warmup")) {
            Duration w = duration(root.get("warmup"));
            if (w != null && !phases.isEmpty()) {
                List<Phase> withWarmup = new ArrayList<>();
                withWarmup.add(Phase.warmupBefore(phases.get(0), w));
                withWarmup.addAll(phases);
                phases = withWarmup;
            }
        }
        return phases;
    }

    private List<Phase> topLevelPhase(LoadModel.Open shape) {
        Duration d = root.has("duration") ? duration(root.get("duration")) : null;
        long max = longAt(root, "max_requests", 0);
        if (d == null && max == 0) {
            d = root.has("duration") ? null : DEFAULT_DURATION;
            if (d == null) {
                return null; // the schema reported the duration
            }
        }
        LoadModel load;
        if (root.has("rate")) {
            double[] r = range(root.get("rate"), "/rate", false);
            if (r == null) {
                return null;
            }
            if (r[0] != r[1] && !root.has("duration")) {
                problem("/rate", "the ramp " + text(root.get("rate")) + " needs a duration (e.g. duration: 60s)");
            }
            load = shape.withRates(r[0], r[1]);
        } else {
            closedOnlyKeys("", "the load is a closed model (no rate)");
            load = LoadModel.Closed.connections(intAt(root, "connections", ConnectionSettings.DEFAULT_MAX_CONNECTIONS));
        }
        return List.of(new Phase("main", load, d, max, false));
    }

    /** Reports arrivals/burst/tick at {@code pointer}, which only mean something in the open model. */
    private void closedOnlyKeys(String pointer, String why) {
        JsonNode at = pointer.isEmpty() ? root : root.at(pointer);
        for (String k : List.of("arrivals", "burst", "tick")) {
            if (at.has(k)) {
                problem(pointer + "/" + k, k + " applies to the open model (a rate), but " + why);
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
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String at = "/stages/" + i;
            if (!s.isObject()) {
                return null;
            }
            Duration d = s.has("duration") ? duration(s.get("duration")) : null;
            boolean rate = s.has("rate");
            boolean conns = s.has("connections");
            if (rate && conns) {
                problem(at + "/connections", "contradicts rate: a stage ramps either a rate or connections");
                continue;
            }
            if (!rate && !conns) {
                problem(at, "give the stage's target: rate (requests per second) or connections");
                continue;
            }
            if (closed != null && closed != conns) {
                problem(
                        at + (conns ? "/connections" : "/rate"),
                        "all stages must ramp the same thing: stage 1 ramps " + (closed ? "connections" : "a rate"));
                continue;
            }
            closed = conns;
            JsonNode v = s.get(conns ? "connections" : "rate");
            if (d == null || !v.isNumber() || v.asDouble() < 0) {
                continue; // reported by the schema
            }
            stages.add(new Stage(d, v.asDouble(), conns));
        }
        if (Boolean.TRUE.equals(closed)) {
            closedOnlyKeys("", "the stages ramp connections (a closed model)");
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
        Map<String, Integer> names = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String at = "/phases/" + i;
            if (!p.isObject()) {
                complete = false;
                continue;
            }
            String name = p.has("name") ? p.get("name").asText() : "phase " + (i + 1);
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                problem(
                        at + (p.has("name") ? "/name" : ""),
                        "the phase name '" + name + "' is already used by phases[" + first
                                + "]; phase names must be unique");
            }
            Duration d = p.has("duration") ? duration(p.get("duration")) : null;
            long max = longAt(p, "max_requests", 0);
            if (!p.has("duration") && !p.has("max_requests")) {
                problem(at, "give the phase a duration (e.g. duration: 30s) or max_requests");
                complete = false;
            }
            boolean rate = p.has("rate");
            boolean conns = p.has("connections");
            LoadModel load = null;
            if (rate && conns) {
                problem(
                        at + "/connections",
                        "contradicts rate: a phase is either open (rate) or closed"
                                + " (connections); to limit an open phase's connections, set max_connections on the target");
            } else if (!rate && !conns) {
                problem(at, "give the phase a load: rate (open model) or connections (closed model)");
            } else if (rate) {
                double[] r = range(p.get("rate"), at + "/rate", false);
                if (r != null) {
                    if (r[0] != r[1] && !p.has("duration")) {
                        problem(at + "/rate", "the ramp " + text(p.get("rate")) + " needs a duration");
                    }
                    if (r[0] == 0 && r[1] == 0) {
                        problem(at + "/rate", "must be > 0, got " + text(p.get("rate")));
                    }
                    load = new LoadModel.Open(
                            r[0],
                            r[1],
                            arrivals(p.get("arrivals"), shape.arrivals()),
                            p.has("seed") && p.get("seed").canConvertToLong()
                                    ? p.get("seed").asLong()
                                    : shape.seed(),
                            intAt(p, "burst", shape.burst()),
                            tickNanos(p, shape.tickNanos()));
                }
            } else {
                closedOnlyKeys(at, "this phase has connections (a closed model)");
                double[] c = range(p.get("connections"), at + "/connections", true);
                if (c != null) {
                    if (c[0] != c[1] && !p.has("duration")) {
                        problem(at + "/connections", "the ramp " + text(p.get("connections")) + " needs a duration");
                    }
                    if (c[0] == 0 && c[1] == 0) {
                        problem(at + "/connections", "must be >= 1, got " + text(p.get("connections")));
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
            if (i < list.size() - 1 && !phase.endsByTime()) {
                problem(
                        at,
                        "only the last phase may end on max_requests alone; give this phase a duration"
                                + " (e.g. duration: 30s)");
            }
            phases.add(phase);
        }
        if (complete && !phases.isEmpty() && phases.stream().allMatch(Phase::warmup)) {
            problem("/phases", "every phase is a warm-up: nothing would be measured; set warmup: false on one");
            return null;
        }
        return complete ? phases : null;
    }

    /**
     * A rate or connections: a number, or {@code FROM..TO}. Null if the value is not usable (the schema
     * reports its type), with a problem for ramps whose ends are both zero.
     */
    private double[] range(JsonNode v, String pointer, boolean whole) {
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            double x = v.asDouble();
            return x > 0 || (whole && x >= 1) ? new double[] {x, x} : null;
        }
        if (!v.isTextual()) {
            return null;
        }
        String s = v.asText().trim();
        int dots = s.indexOf("..");
        if (dots < 0) {
            return null;
        }
        try {
            double a = Double.parseDouble(s.substring(0, dots).trim());
            double b = Double.parseDouble(s.substring(dots + 2).trim());
            if (a == 0 && b == 0) {
                problem(pointer, "a ramp must not be 0..0");
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
        return switch (v.asText()) {
            case "poisson" -> LoadModel.Arrivals.POISSON;
            case "uniform" -> LoadModel.Arrivals.UNIFORM;
            default -> otherwise;
        };
    }

    private int defaultMaxConnections(List<Phase> phases) {
        int top = intAt(root, "connections", 0);
        int closed = 0;
        if (phases != null) {
            for (Phase p : phases) {
                if (p.load() instanceof LoadModel.Closed c) {
                    closed = Math.max(closed, Math.max(c.startConnections(), c.endConnections()));
                }
            }
        }
        int max = Math.max(top, closed);
        return max > 0 ? max : ConnectionSettings.DEFAULT_MAX_CONNECTIONS;
    }

    // ---- targets and requests

    private void targets(int defaultMax, List<Target> out, Map<String, String> basePaths) {
        JsonNode list = root.get("targets");
        if (list == null || !list.isArray()) {
            return;
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = "/targets/" + i;
            if (!t.isObject() || !t.has("url") || !t.get("url").isTextual()) {
                continue;
            }
            ConnectionSettings c =
                    ConnectionSettings.defaults().withMaxConnections(intAt(t, "max_connections", defaultMax));
            c = c.withRequestTimeout(durationOr(t, "timeout", c.requestTimeout()))
                    .withConnectTimeout(durationOr(t, "connect_timeout", c.connectTimeout()))
                    .withReadTimeout(durationOr(t, "read_timeout", c.readTimeout()))
                    .withAcquireTimeout(durationOr(t, "acquire_timeout", c.acquireTimeout()))
                    .withIdleTimeout(durationOr(t, "idle_timeout", c.idleTimeout()))
                    .withCooldown(
                            t.has("cooldown")
                                            && t.get("cooldown").isNumber()
                                            && t.get("cooldown").asDouble() == 0
                                    ? Duration.ZERO
                                    : durationOr(t, "cooldown", c.cooldown()))
                    .withQueueCapacity(intAt(t, "queue", c.queueCapacity()))
                    .withKeepAlive(t.path("keepalive").asBoolean(true))
                    .withInsecure(t.path("insecure").asBoolean(false));
            Target.Parsed parsed;
            try {
                parsed = Target.parseUrl("target", t.get("url").asText(), c);
            } catch (IllegalArgumentException e) {
                problem(at + "/url", e.getMessage());
                continue;
            }
            String base = parsed.pathAndQuery();
            if (base.contains("?")) {
                problem(
                        at + "/url",
                        "a target's url has no query ('" + t.get("url").asText()
                                + "'); put queries in the requests' paths");
                continue;
            }
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            String name = t.has("name") && t.get("name").isTextual()
                    ? t.get("name").asText()
                    : parsed.target().authority();
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                problem(
                        at + (t.has("name") ? "/name" : "/url"),
                        "the target name '" + name
                                + "' is already used by targets[" + first + "]; target names must be unique"
                                + (t.has("name") ? "" : " (give each target a name)"));
                continue;
            }
            Target p = parsed.target();
            out.add(new Target(name, p.scheme(), p.host(), p.port(), c));
            basePaths.put(name, base);
        }
    }

    private List<RequestSpec> requests(List<Target> targets, Map<String, String> basePaths) {
        List<RequestSpec> out = new ArrayList<>();
        JsonNode list = root.get("requests");
        if (list == null || !list.isArray()) {
            return out;
        }
        Map<String, Integer> names = new HashMap<>();
        List<String> targetNames = targets.stream().map(Target::name).toList();
        int declaredTargets = root.path("targets").size();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "/requests/" + i;
            if (!r.isObject()) {
                continue;
            }
            String target;
            if (r.has("target")) {
                target = r.get("target").asText();
                if (!targetNames.contains(target) && declaredTargets == targetNames.size()) {
                    problem(
                            at + "/target",
                            "no target is named '" + target + "' (targets: " + String.join(", ", targetNames) + ")");
                    continue;
                }
            } else if (declaredTargets == 1 && targetNames.size() == 1) {
                target = targetNames.get(0);
            } else {
                if (declaredTargets > 1) {
                    problem(
                            at,
                            "target: missing; the plan has " + declaredTargets + " targets, so each request names"
                                    + " one (targets: " + String.join(", ", targetNames) + ")");
                }
                continue;
            }
            String method =
                    r.path("method").isTextual() ? r.get("method").asText().toUpperCase(java.util.Locale.ROOT) : "GET";
            String path = r.path("path").isTextual() ? r.get("path").asText() : "/";
            String fullPath = basePaths.getOrDefault(target, "") + path;
            List<Header> headers = new ArrayList<>();
            if (r.get("headers") instanceof ObjectNode hs) {
                hs.properties().forEach(e -> {
                    try {
                        headers.add(
                                Header.parse(e.getKey() + ": " + e.getValue().asText()));
                    } catch (IllegalArgumentException ex) {
                        problem(
                                at + "/headers/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                                "'" + e.getKey() + "' is not a valid header name");
                    }
                });
            }
            byte[] body = new byte[0];
            if (r.has("body") && r.has("body_file")) {
                problem(at + "/body_file", "contradicts body: give the body inline or from a file, not both");
            } else if (r.path("body").isTextual()) {
                body = r.get("body").asText().getBytes(StandardCharsets.UTF_8);
            } else if (r.path("body_file").isTextual()) {
                body = bodyFile(r.get("body_file").asText(), at + "/body_file");
            }
            StatusSet expect = StatusSet.SUCCESS;
            if (r.has("expect")
                    && (r.get("expect").isTextual() || r.get("expect").isIntegralNumber())) {
                try {
                    expect = StatusSet.parse(r.get("expect").asText());
                } catch (IllegalArgumentException e) {
                    problem(at + "/expect", e.getMessage());
                }
            }
            double weight = r.path("weight").isNumber() ? r.get("weight").asDouble() : 1.0;
            int priority =
                    r.path("priority").canConvertToInt() ? r.get("priority").asInt() : 0;
            String name = r.path("name").isTextual() ? r.get("name").asText() : method + " " + path;
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                problem(
                        at + (r.has("name") ? "/name" : ""),
                        "the request name '" + name
                                + "' is already used by requests[" + first + "]; request names must be unique"
                                + (r.has("name") ? "" : " (give each request a name)"));
                continue;
            }
            out.add(new RequestSpec(
                    name, target, method, fullPath, headers, body, expect, weight > 0 ? weight : 1.0, priority));
        }
        return out;
    }

    private byte[] bodyFile(String file, String pointer) {
        Path p = tree.flag(pointer) != null ? Path.of(file) : baseDir.resolve(file);
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            problem(pointer, "cannot read " + p + " (no such file)");
        } catch (IOException e) {
            problem(pointer, "cannot read " + p + " (" + e.getMessage() + ")");
        }
        return new byte[0];
    }

    private List<Threshold> thresholds(List<RequestSpec> requests) {
        List<Threshold> out = new ArrayList<>();
        JsonNode list = root.get("thresholds");
        if (list == null || !list.isArray()) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = "/thresholds/" + i;
            String text = t.isTextual() ? t.asText() : t.path("threshold").asText(null);
            if (text == null) {
                continue;
            }
            try {
                Threshold th = Threshold.parse(text);
                if (t.isObject()) {
                    boolean abort = t.path("abort_on_fail").asBoolean(false);
                    Duration grace = t.has("grace") ? duration(t.get("grace")) : Duration.ZERO;
                    if (t.has("grace") && !abort) {
                        problem(at + "/grace", "a grace period needs abort_on_fail: true");
                    }
                    if (abort || th.abortOnFail()) {
                        th = th.withAbort(true, grace != null && !grace.isZero() ? grace : th.abortGrace());
                    }
                }
                String request = th.request();
                if (request != null && requests.stream().noneMatch(r -> r.name().equals(request))) {
                    problem(
                            t.isObject() ? at + "/threshold" : at,
                            "no request is named '" + request
                                    + "' (requests: "
                                    + String.join(
                                            ", ",
                                            requests.stream()
                                                    .map(RequestSpec::name)
                                                    .toList())
                                    + ")");
                    continue;
                }
                out.add(th);
            } catch (IllegalArgumentException e) {
                problem(t.isObject() ? at + "/threshold" : at, e.getMessage());
            }
        }
        return out;
    }

    // ---- values

    /** A duration value: text such as 30s, or a number of seconds; null if it is not one (already reported). */
    private static Duration duration(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            double s = v.asDouble();
            return s > 0 ? Duration.ofNanos(Math.round(s * 1e9)) : null;
        }
        if (v.isTextual()) {
            try {
                Duration d = Durations.parse(v.asText());
                return d.isZero() ? null : d;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The {@code tick} of {@code o} in nanoseconds: 0 (off) or a duration; {@code otherwise} when absent. */
    private static long tickNanos(JsonNode o, long otherwise) {
        JsonNode v = o.get("tick");
        if (v == null) {
            return otherwise;
        }
        // A bad value is reported by the schema. Zero in any spelling (0, 0ms, 0s) turns the tick off, also
        // in a phase under a top-level tick: duration() reads zero as "absent", which would keep that tick.
        if (v.isNumber()) {
            return v.asDouble() >= 0 ? Math.round(v.asDouble() * 1e9) : otherwise;
        }
        if (v.isTextual()) {
            try {
                return Durations.parse(v.asText()).toNanos();
            } catch (IllegalArgumentException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    private static Duration durationOr(JsonNode o, String key, Duration otherwise) {
        Duration d = o.has(key) ? duration(o.get(key)) : null;
        return d == null ? otherwise : d;
    }

    private static int intAt(JsonNode o, String key, int otherwise) {
        JsonNode v = o.get(key);
        return v != null && v.canConvertToInt() && v.isIntegralNumber() ? v.asInt() : otherwise;
    }

    private static long longAt(JsonNode o, String key, long otherwise) {
        JsonNode v = o.get(key);
        return v != null && v.canConvertToLong() && v.isIntegralNumber() && v.asLong() > 0 ? v.asLong() : otherwise;
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }
}
