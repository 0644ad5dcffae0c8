package dev.gale.plan;

import static dev.gale.plan.PlanValues.intAt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a plan file's tree into a {@link Plan}: threads, the load shape ({@link LoadShapeResolver}), the
 * targets and requests ({@link TargetResolver}) and thresholds. Adds a problem, with its place, for every
 * rule the schema cannot express; values of the wrong type are skipped, since the schema has already
 * reported them. Not thread-safe; one use.
 */
final class Resolver {
    private final PlanTree tree;
    private final JsonNode root;
    private final PlanProblems problems;
    private final PlanValues values;
    private final LoadShapeResolver loadShape;
    private final TargetResolver targetsAndRequests;

    /** Resolves {@code tree}, whose schema violations {@code problems} holds already, adding the rest to it. */
    Resolver(PlanTree tree, Path baseDir, PlanProblems problems) {
        this.tree = tree;
        this.root = tree.root();
        this.problems = problems;
        this.values = new PlanValues(tree, problems);
        this.loadShape = new LoadShapeResolver(tree, problems, values);
        this.targetsAndRequests = new TargetResolver(tree, baseDir, problems, values);
    }

    /** The plan, or null if the file is too broken to build one (problems says why). */
    Plan plan(int defaultThreads) {
        if (!(root instanceof ObjectNode)) {
            return null;
        }
        int threads = intAt(root, "threads", defaultThreads);
        if (threads == 0) {
            threads = defaultThreads; // one per core, as -t 0
        }
        List<Phase> phases = loadShape.phases();
        List<Target> targets = targetsAndRequests.targets(loadShape.defaultMaxConnections(phases));
        checkThreads(threads, targets);
        List<RequestSpec> requests = targetsAndRequests.requests(targets);
        List<Threshold> thresholds = thresholds(requests);
        if (phases == null) {
            return null;
        }
        // A number is a name too (name: 2024), as YAML reads it unquoted.
        JsonNode given = root.path("name");
        String name = given.isTextual() || given.isNumber() ? given.asText() : "";
        return new Plan(targets, requests, phases, Math.max(1, threads), thresholds, name);
    }

    /**
     * Reports the plan's own {@code threads} when a target has fewer connections: each event loop needs one
     * of its own to every target, and wrk too refuses fewer connections than threads. One per core ({@code
     * threads: 0} or none) is what the machine has, not asked for: the run then uses fewer. A number
     * {@code --threads} set is the command line's to report, naming the flag.
     */
    private void checkThreads(int threads, List<Target> targets) {
        if (!root.has("threads") || intAt(root, "threads", 0) <= 0 || tree.flag("/threads") != null) {
            return;
        }
        Plan.threadsOverConnections(threads, targets, "threads: ", "the target max_connections: ")
                .ifPresent(problem -> problems.add("/threads", problem));
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
                    // Not a boolean: the schema says so, and nothing is to be made of the grace period.
                    boolean abortUnread =
                            t.has("abort_on_fail") && !t.get("abort_on_fail").isBoolean();
                    Duration grace = values.duration(at + "/grace"); // null when absent, 0 or not one
                    if (t.has("grace") && !abort && !abortUnread && !th.abortOnFail()) {
                        problems.add(at + "/grace", "a grace period needs abort_on_fail: true");
                    }
                    if (th.abortOnFail() && t.has("abort_on_fail") && !abort && !abortUnread) {
                        problems.add(
                                at + "/abort_on_fail", "false contradicts ';abort' in its threshold; give one of them");
                    }
                    if (th.abortOnFail() && t.has("grace") && !th.abortGrace().isZero()) {
                        // The threshold's own grace (';abort=5s', spaced as the user likes), as parsed.
                        problems.add(
                                at + "/grace",
                                "contradicts '"
                                        + th.toString()
                                                .substring(th.expression().length())
                                        + "' in its threshold; give the grace period once");
                    }
                    if (abort || th.abortOnFail()) {
                        th = th.withAbort(true, grace != null ? grace : th.abortGrace());
                    }
                }
                String request = th.request();
                // Every request the file has, built or not: one not built for want of its target is reported there.
                Set<String> named = targetsAndRequests.requestNames();
                if (request != null && !named.contains(request)) {
                    problems.add(
                            t.isObject() ? at + "/threshold" : at,
                            "no request is named '" + request + "' (requests: " + String.join(", ", named) + ")");
                    continue;
                }
                out.add(th);
            } catch (IllegalArgumentException e) {
                problems.add(t.isObject() ? at + "/threshold" : at, e.getMessage());
            }
        }
        return out;
    }
}
