package dev.gale.report;

import dev.gale.plan.Header;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.RunResult;
import dev.gale.record.ThresholdResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What makes two runs' changes mean something else than a change of build, one line each, as {@code gale
 * compare} notes them under the runs' descriptions. In this order, each naming the first difference it finds:
 * <ol>
 *   <li>the servers loaded ({@code scheme://host:port}, whatever the plans name them); if they are the same,
 *       the requests: their number, then per request (matched by name when both plans have the same names,
 *       else by place) its server, method, path, headers, body, share of the mix (weights are relative: 6:2
 *       is the mix 3:1 is), expected status and priority;</li>
 *   <li>the measured phases' loads (rate, users, arrivals, tick, length; not the seed each Poisson run draws);
 *       if they are the same, the warm-ups, which are not measured and so get a milder note;</li>
 *   <li>each run stopped before its plan's end: while opening its connections, in its warm-up, by a failed
 *       threshold or by an interrupt, and after how many of its measured seconds.</li>
 * </ol>
 * A note shows values as results keep them: secret header values and query values hidden, bodies as a count
 * of bytes. Names alone are no difference: renaming a request does not change the load.
 */
final class Caveats {
    private Caveats() {}

    /**
     * The notes on comparing {@code before} with {@code after}; empty when their plans load alike and both
     * ran whole.
     */
    static List<String> of(RunResult before, RunResult after) {
        Plan b = before.plan();
        Plan a = after.plan();
        String targets = unmatched(servers(b), servers(a), "target");
        String requests = targets == null ? requests(b, a) : null;
        // Beside a header that counts the warm-up among "3 phases", a count of measured phases says so.
        String phase = b.hasWarmup() || a.hasWarmup() ? "measured phase" : "phase";
        String loads = firstDifference(loads(b, false), loads(a, false), phase);
        List<String> out = new ArrayList<>();
        out.add(
                targets != null
                        ? "the runs loaded different targets (" + targets + ")"
                        : requests != null ? "the runs had different requests (" + requests + ")" : null);
        out.add(
                loads != null
                        ? "the runs had different loads (" + loads + "): the changes below compare loads, not builds"
                        : warmups(b, a));
        out.add(stopped(before, "before"));
        out.add(stopped(after, "after"));
        out.removeIf(Objects::isNull);
        return List.copyOf(out);
    }

    /** Each target's server, {@code http://host:port}, in plan order. */
    private static List<String> servers(Plan plan) {
        return plan.targets().stream().map(Target::baseUrl).toList();
    }

    /**
     * {@code before: X; after: Y} for the first item of {@code b} that {@code a} lacks and the first of {@code
     * a} that {@code b} lacks, in any order; their counts of {@code noun} if those differ; null if both hold
     * the same items.
     */
    private static String unmatched(List<String> b, List<String> a, String noun) {
        if (b.size() != a.size()) {
            return counts(b.size(), a.size(), noun);
        }
        String onlyBefore = firstLacking(b, a);
        return onlyBefore == null ? null : "before: " + onlyBefore + "; after: " + firstLacking(a, b);
    }

    /** {@code before: 1 target; after: 2}: how many of {@code noun} each run had, when the counts differ. */
    private static String counts(int before, int after, String noun) {
        return "before: " + Units.count(before, noun) + "; after: " + after;
    }

    /** The first item of {@code items} that {@code others} has no (further) copy of, or null. */
    private static String firstLacking(List<String> items, List<String> others) {
        List<String> left = new ArrayList<>(others);
        for (String item : items) {
            if (!left.remove(item)) {
                return item;
            }
        }
        return null;
    }

    /**
     * The first difference of the two plans' requests, e.g. {@code b, path: before /b; after /b?delay=3ms}
     * ({@code request 2, ...} when the plans name their requests differently, no name when each has one), or
     * their counts; null if they send the same requests.
     */
    private static String requests(Plan b, Plan a) {
        List<RequestSpec> rb = b.requests();
        List<RequestSpec> ra = a.requests();
        if (rb.size() != ra.size()) {
            return counts(rb.size(), ra.size(), "request");
        }
        boolean byName = new HashSet<>(names(rb)).equals(new HashSet<>(names(ra)));
        double wb = rb.stream().mapToDouble(RequestSpec::weight).sum();
        double wa = ra.stream().mapToDouble(RequestSpec::weight).sum();
        for (int i = 0; i < rb.size(); i++) {
            RequestSpec qb = rb.get(i);
            RequestSpec qa = byName ? ra.get(a.requestIndex(qb.name())) : ra.get(i);
            String difference = difference(b, qb, qb.weight() / wb, a, qa, qa.weight() / wa);
            if (difference != null) {
                String which = rb.size() == 1 ? "" : qb.name().equals(qa.name()) ? qb.name() : "request " + (i + 1);
                return which.isEmpty() ? difference : which + ", " + difference;
            }
        }
        return null;
    }

    private static List<String> names(List<RequestSpec> requests) {
        return requests.stream().map(RequestSpec::name).toList();
    }

    /** The first setting of one request that differs, {@code method: before GET; after POST}, or null. */
    private static String difference(Plan pb, RequestSpec b, double shareB, Plan pa, RequestSpec a, double shareA) {
        String[][] settings = {
            {"target", server(pb, b), server(pa, a)},
            {"method", b.method(), a.method()},
            {"path", b.displayPath(), a.displayPath()},
            {"headers", headers(b), headers(a)},
        };
        for (String[] s : settings) {
            if (!s[1].equals(s[2])) {
                return s[0] + ": before " + s[1] + "; after " + s[2];
            }
        }
        if (!Arrays.equals(b.body(), a.body())) {
            int nb = b.body().length;
            int na = a.body().length;
            return "body: before " + bytes(nb) + "; after " + (nb == na ? Units.count(na) + " other bytes" : bytes(na));
        }
        // Weights are relative: the mix is each request's share of them, which sums that differ only by
        // rounding would not change.
        if (Math.abs(shareB - shareA) > 1e-9) {
            String before = Units.share(shareB);
            String after = Units.share(shareA);
            for (int decimals = 2; decimals <= 9 && before.equals(after); decimals++) {
                before = Units.percent(shareB, decimals);
                after = Units.percent(shareA, decimals);
            }
            return "share of the mix: before " + before + Units.oneIn(shareB) + "; after " + after
                    + Units.oneIn(shareA);
        }
        if (!b.expectedStatus().equals(a.expectedStatus())) {
            return "expected status: before " + b.expectedStatus() + "; after " + a.expectedStatus();
        }
        if (b.priority() != a.priority()) {
            return "priority: before " + b.priority() + "; after " + a.priority();
        }
        return null;
    }

    private static String server(Plan plan, RequestSpec q) {
        return plan.target(q.target()).map(Target::baseUrl).orElse(q.target());
    }

    /** {@code Content-Type: application/json, Authorization: Bearer <redacted>}, or {@code none}. */
    private static String headers(RequestSpec q) {
        return q.headers().isEmpty()
                ? "none"
                : q.headers().stream().map(Header::toString).collect(Collectors.joining(", "));
    }

    private static String bytes(int n) {
        return n == 0 ? "none" : Units.count(n, "byte");
    }

    /**
     * The measured phases' loads (or with {@code warmup}, the warm-ups'), described without the seed of
     * Poisson arrivals and without the {@code (warm-up)} mark.
     */
    private static List<String> loads(Plan plan, boolean warmup) {
        return plan.phases().stream()
                .filter(p -> p.warmup() == warmup)
                .map(p -> PlanDescription.phase(p, false, false))
                .toList();
    }

    /** The note on warm-ups that differ while the measured loads are alike, or null. */
    private static String warmups(Plan b, Plan a) {
        String wb = String.join(" then ", loads(b, true));
        String wa = String.join(" then ", loads(a, true));
        if (wb.equals(wa)) {
            return null;
        }
        if (wb.isEmpty() || wa.isEmpty()) {
            return "only the " + (wb.isEmpty() ? "after" : "before") + " run had a warm-up (" + (wb.isEmpty() ? wa : wb)
                    + "), which is not measured";
        }
        return "the runs had different warm-ups (before: " + wb + "; after: " + wa + "), which are not measured";
    }

    /**
     * {@code before: X; after: Y} for the first item where {@code b} and {@code a} differ, or their counts of
     * {@code noun} if one has more; null if they are the same.
     */
    private static String firstDifference(List<String> b, List<String> a, String noun) {
        if (b.size() != a.size()) {
            return counts(b.size(), a.size(), noun);
        }
        for (int i = 0; i < b.size(); i++) {
            if (!b.get(i).equals(a.get(i))) {
                return "before: " + b.get(i) + "; after: " + a.get(i);
            }
        }
        return null;
    }

    /**
     * How {@code r}, the {@code which} run, was stopped before its plan's end, as its summary says it (while
     * opening its connections, by a failed threshold, or interrupted), with its measured seconds of the
     * plan's; null if it ran its whole plan.
     */
    private static String stopped(RunResult r, String which) {
        if (!r.interrupted()) {
            return null;
        }
        String run = "the " + which + " run";
        if (r.stoppedWhileConnecting()) {
            return run + " was interrupted while opening its connections: no request was sent";
        }
        if (r.measuredNanos() == 0 && r.plan().hasWarmup()) {
            return run + " was interrupted in its warm-up: it measured no request";
        }
        String how = r.thresholds().stream()
                .filter(ThresholdResult::aborted)
                .findFirst()
                .map(t -> " was stopped early by a failed threshold (" + t.expression() + ")")
                .orElse(" was interrupted");
        long planned = r.plan().measuredPlannedNanos();
        return run + how + " after measuring " + Units.seconds(r.measuredSeconds())
                + (planned > 0 ? " of its " + Units.length(Duration.ofNanos(planned)) : "")
                + ": its figures cover the time until then";
    }
}
