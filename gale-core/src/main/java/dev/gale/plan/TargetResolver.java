package dev.gale.plan;

import static dev.gale.plan.PlanValues.intAt;
import static dev.gale.plan.PlanValues.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a plan file's targets (URL, name and connection settings) and the requests sent to them
 * (target, method, path under the target's base path, headers, body, expected status, weight, priority).
 * Adds a problem for every rule the schema cannot express: unique names, known targets, readable body
 * files. Not thread-safe.
 */
final class TargetResolver {
    private final PlanTree tree;
    private final Path baseDir;
    private final PlanProblems problems;
    private final PlanValues values;
    private final JsonNode root;

    /** The names the plan gives its targets, broken ones too, in plan order: set by {@link #targets}. */
    private final Set<String> declaredNames = new LinkedHashSet<>();
    /** The names of the plan's requests, those not built for want of their target too: set by {@link #requests}. */
    private final Set<String> requestNames = new LinkedHashSet<>();
    /** False if a target without a name of its own could not be read, so its name is not known. */
    private boolean everyNameKnown = true;

    /**
     * Resolves the targets and requests of {@code tree}, adding problems to {@code problems}.
     *
     * @param baseDir the directory body files are read from, unless a flag gave the file name
     */
    TargetResolver(PlanTree tree, Path baseDir, PlanProblems problems, PlanValues values) {
        this.tree = tree;
        this.baseDir = baseDir;
        this.problems = problems;
        this.values = values;
        this.root = tree.root();
    }

    /**
     * The targets that could be built, in plan order. One that could not is left out, and a problem (added
     * here, or by the schema check) says why.
     *
     * @param defaultMaxConnections the connections of a target that sets no max_connections
     */
    List<Target> targets(int defaultMaxConnections) {
        List<Target> out = new ArrayList<>();
        JsonNode list = root.get("targets");
        if (list == null || !list.isArray()) {
            return out;
        }
        UniqueNames names = new UniqueNames("target", problems);
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = "/targets/" + i;
            // A target's own name is known whatever else is wrong with it: a second use of it, or a request
            // naming a target that is not there, is reported beside the target's other problems.
            String ownName = t.path("name").isTextual() ? t.get("name").asText() : null;
            // A second use of a name is left out once the rest of the target has been checked.
            boolean repeated = false;
            if (ownName != null) {
                declaredNames.add(ownName);
                repeated = !names.add(ownName, i, at + "/name", "");
            }
            if (!t.isObject() || !t.has("url") || !t.get("url").isTextual()) {
                everyNameKnown &= ownName != null;
                continue;
            }
            for (String timeout : List.of("timeout", "connect_timeout", "read_timeout", "acquire_timeout")) {
                Duration d = values.duration(at + "/" + timeout);
                if (d != null && d.compareTo(ConnectionSettings.MAX_TIMEOUT) > 0) {
                    problems.add(at + "/" + timeout, ConnectionSettings.tooLong(d));
                }
            }
            ConnectionSettings c = ConnectionSettings.defaults()
                    .withMaxConnections(intAt(t, "max_connections", defaultMaxConnections));
            c = c.withRequestTimeout(values.durationOr(at + "/timeout", c.requestTimeout()))
                    .withConnectTimeout(values.durationOr(at + "/connect_timeout", c.connectTimeout()))
                    .withReadTimeout(ConnectionSettings.readTimeoutOf(
                            values.duration(at + "/read_timeout"), values.duration(at + "/timeout")))
                    .withAcquireTimeout(ConnectionSettings.acquireTimeoutOf(
                            values.duration(at + "/acquire_timeout"), values.duration(at + "/timeout")))
                    .withIdleTimeout(values.durationOr(at + "/idle_timeout", c.idleTimeout()))
                    .withCooldown(values.durationOrZeroOr(at + "/cooldown", c.cooldown()))
                    .withQueueCapacity(intAt(t, "queue", c.queueCapacity()))
                    .withKeepAlive(t.path("keepalive").asBoolean(true))
                    .withInsecure(t.path("insecure").asBoolean(false));
            Target.Parsed parsed;
            try {
                parsed = Target.parseUrl("target", t.get("url").asText(), c);
            } catch (IllegalArgumentException e) {
                problems.add(at + "/url", e.getMessage());
                everyNameKnown &= ownName != null;
                continue;
            }
            if (parsed.userInfo() != null) {
                problems.add(
                        at + "/url",
                        "a target's url may not carry user info ('"
                                + Target.displayUrl(t.get("url").asText())
                                + "'); give the credentials as a request header, such as 'Authorization: Basic"
                                + " <base64 of user:password>'");
                continue;
            }
            String base = parsed.pathAndQuery();
            if (base.contains("?")) {
                problems.add(
                        at + "/url",
                        "a target's url has no query ('"
                                + Target.displayUrl(t.get("url").asText()) + "'); put queries in the requests' paths");
                continue;
            }
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            String name = ownName != null ? ownName : parsed.target().authority();
            if (ownName == null) {
                declaredNames.add(name);
                repeated = !names.add(name, i, at + "/url", " (give each target a name)");
            }
            if (repeated) {
                continue;
            }
            Target p = parsed.target();
            out.add(new Target(name, p.scheme(), p.host(), p.port(), c, base));
        }
        return out;
    }

    /** The names of every request {@link #requests} read, built or not, as a built one would be named. */
    Set<String> requestNames() {
        return Collections.unmodifiableSet(requestNames);
    }

    /**
     * The requests that could be built, in plan order. One that could not is left out, and a problem
     * (added here, or by the schema check) says why.
     *
     * @param targets as {@link #targets} returned them
     */
    List<RequestSpec> requests(List<Target> targets) {
        List<RequestSpec> out = new ArrayList<>();
        JsonNode list = root.get("requests");
        if (list == null || !list.isArray()) {
            return out;
        }
        UniqueNames names = new UniqueNames("request", problems);
        List<String> targetNames = targets.stream().map(Target::name).toList();
        String known = String.join(", ", declaredNames);
        // Each target's base path, prefixed to its requests' paths.
        Map<String, String> basePaths = targets.stream().collect(Collectors.toMap(Target::name, Target::basePath));
        int declaredTargets = root.path("targets").size();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "/requests/" + i;
            if (!r.isObject()) {
                continue;
            }
            // Null when the request cannot be built for want of its target: its other problems are still reported.
            String target = null;
            if (r.has("target")) {
                String named = r.get("target").asText();
                if (targetNames.contains(named)) {
                    target = named;
                } else if (everyNameKnown && !declaredNames.isEmpty() && !declaredNames.contains(named)) {
                    // (A plan without targets is told so by the schema.)
                    problems.add(at + "/target", "no target is named '" + named + "' (targets: " + known + ")");
                } // else its target is broken, and reported there
            } else if (declaredTargets == 1 && targetNames.size() == 1) {
                target = targetNames.get(0);
            } else if (declaredTargets > 1) {
                problems.add(
                        at,
                        "target: missing; the plan has " + declaredTargets + " targets, so each request names"
                                + " one ("
                                + (known.isEmpty()
                                        ? "give the targets names, e.g. name: api, to name them by"
                                        : "targets: " + known)
                                + ")");
            }
            String method = r.path("method").isTextual()
                    ? r.get("method").asText().toUpperCase(Locale.ROOT)
                    : RequestSpec.defaultMethod(r.has("body") || r.has("body_file"));
            String path = r.path("path").isTextual() ? r.get("path").asText() : "/";
            int fragment = path.indexOf('#');
            if (fragment >= 0) {
                path = path.substring(0, fragment); // for the page, never sent (as with a URL on the command line)
            }
            String pathProblem = RequestSpec.pathProblem(path);
            if (pathProblem != null) {
                problems.add(at + "/path", pathProblem);
            }
            String fullPath = basePaths.getOrDefault(target, "") + path;
            List<Header> headers = new ArrayList<>();
            if (r.get("headers") instanceof ObjectNode hs) {
                hs.properties().forEach(e -> {
                    // A list of values sends the header once per value, in order.
                    Iterable<JsonNode> values = e.getValue().isArray() ? e.getValue() : List.of(e.getValue());
                    try {
                        for (JsonNode v : values) {
                            // Spaces and tabs around go, as in HTTP; any other control character is refused.
                            headers.add(Header.of(Header.stripOws(e.getKey()), Header.stripOws(v.asText())));
                        }
                    } catch (IllegalArgumentException ex) {
                        problems.add(at + "/headers/" + PlanTree.escape(e.getKey()), ex.getMessage());
                    }
                });
            }
            byte[] body = new byte[0];
            // False when the body is not known (a file that cannot be read): nothing to check its framing with.
            boolean bodyKnown = true;
            if (r.has("body") && r.has("body_file")) {
                problems.add(at + "/body_file", "contradicts body: give the body inline or from a file, not both");
                bodyKnown = false;
            } else if (r.path("body").isTextual()) {
                body = r.get("body").asText().getBytes(StandardCharsets.UTF_8);
            } else if (r.path("body_file").isTextual()) {
                String file = r.get("body_file").asText();
                // An empty name is the schema's to report, not a read of the plan's folder.
                byte[] read = file.isEmpty() ? null : bodyFile(file, at + "/body_file");
                bodyKnown = read != null;
                body = bodyKnown ? read : body;
            }
            for (Header h : bodyKnown ? headers : List.<Header>of()) {
                String why = BodyFraming.problem(h, headers, body);
                if (why != null) {
                    String pointer = at + "/headers/" + PlanTree.escape(h.name());
                    // Set by -H, the place is the flag: the header's name says which one.
                    String header = tree.flag(pointer) != null ? h.name() + ": " + h.value() : h.value();
                    problems.add(pointer, header + " " + why);
                }
            }
            StatusSet expect = expected(r.get("expect"), at + "/expect");
            double weight = r.path("weight").isNumber() ? r.get("weight").asDouble() : 1.0;
            if (weight > Plan.MAX_WEIGHT) {
                problems.add(
                        at + "/weight",
                        "must be " + Plan.MAX_WEIGHT_STATED + Rates.plain(weight)
                                + "; weights count only relative to each other");
            }
            int priority = intAt(r, "priority", 0);
            String name =
                    r.path("name").isTextual() ? r.get("name").asText() : method + " " + RequestSpec.displayPath(path);
            requestNames.add(name);
            boolean named = r.has("name");
            if (!names.add(name, i, at + (named ? "/name" : ""), named ? "" : " (give each request a name)")
                    || target == null) {
                continue;
            }
            out.add(new RequestSpec(
                    name, target, method, fullPath, headers, body, expect, weight > 0 ? weight : 1.0, priority));
        }
        return out;
    }

    /**
     * The status codes {@code expect} (at {@code pointer}) counts as success: one code, the text of codes,
     * ranges and classes, or a list of those (k6 and Gatling write lists), the same set as their text joined
     * by commas ({@code [2xx, 404]} is {@code 2xx,404}). {@link StatusSet#SUCCESS} when absent; also, with
     * a problem at the entry that is wrong, when one is not a status (the schema reports one of another type).
     */
    private StatusSet expected(JsonNode expect, String pointer) {
        if (expect == null) {
            return StatusSet.SUCCESS;
        }
        boolean list = expect.isArray();
        int entries = list ? expect.size() : 1;
        StatusSet set = null;
        boolean valid = entries > 0;
        for (int i = 0; i < entries; i++) {
            JsonNode v = list ? expect.get(i) : expect;
            Long code = wholeNumber(v);
            String text = v.isTextual() ? v.asText() : code != null ? String.valueOf(code) : null;
            if (text == null) {
                return StatusSet.SUCCESS;
            }
            try {
                StatusSet entry = StatusSet.parse(text);
                set = set == null ? entry : set.union(entry);
            } catch (IllegalArgumentException e) {
                problems.add(list ? pointer + "/" + i : pointer, e.getMessage());
                valid = false;
            }
        }
        return valid ? set : StatusSet.SUCCESS;
    }

    /**
     * The file's bytes ({@code -}: standard input's), or null (with a problem at {@code pointer}) if it cannot be
     * read.
     */
    private byte[] bodyFile(String file, String pointer) {
        try {
            return BodyFile.isStdin(file)
                    ? BodyFile.stdin()
                    : BodyFile.read(bodyFilePath(tree, baseDir, pointer, file));
        } catch (IllegalArgumentException e) {
            problems.add(pointer, e.getMessage());
            return null;
        }
    }

    /**
     * Where the {@code body_file} at {@code pointer} is read from: {@code file} in {@code baseDir}, the plan's
     * folder, or as given (from the current folder) when a flag set it.
     *
     * @throws java.nio.file.InvalidPathException if {@code file} is not a path on this system
     */
    static Path bodyFilePath(PlanTree tree, Path baseDir, String pointer, String file) {
        return tree.flag(pointer) != null ? Path.of(file) : baseDir.resolve(file);
    }
}
