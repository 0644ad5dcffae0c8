package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notes {@code gale compare} prints under the runs' descriptions ({@link Comparison#caveats()}): what was
 * loaded, how, and whether each run ran its whole plan. Plans as a user writes them: requests {@code a}
 * (weight 3) and {@code b} (weight 1) on one target, at 1,000 req/s for 7 s.
 */
class CaveatsTest {
    private static final Target TARGET = new Target(
            "t", "http", "127.0.0.1", 19100, ConnectionSettings.defaults().withMaxConnections(32));
    private static final Phase MAIN = new Phase("main", LoadModel.Open.constant(1000), Duration.ofSeconds(7), 0, false);
    private static final Phase WARMUP =
            new Phase("warm-up", LoadModel.Open.constant(1000), Duration.ofSeconds(2), 0, true);

    private static RequestSpec request(String name, String path, double weight) {
        return new RequestSpec(name, "t", "GET", path, List.of(), new byte[0], StatusSet.SUCCESS, weight, 0);
    }

    private static final List<RequestSpec> AB = List.of(request("a", "/a", 3), request("b", "/b", 1));

    private static Plan plan(List<RequestSpec> requests, Phase... phases) {
        return new Plan(List.of(TARGET), requests, List.of(phases), 2);
    }

    private static Plan plan(List<RequestSpec> requests) {
        return plan(requests, MAIN);
    }

    /** {@code AB} with its request {@code b} replaced. */
    private static Plan withB(RequestSpec b) {
        return plan(List.of(AB.get(0), b));
    }

    /**
     * {@link SampleResults#typical()} run with {@code plan}: its totals of as many requests and targets as the
     * plan has, as a result must (one of its intervals' breakdowns per request is left as it is).
     */
    private static RunResult run(Plan plan) {
        RunResult r = SampleResults.typical();
        return SampleResults.copy(r)
                .plan(plan)
                .requests(first(r.requests(), plan.requests().size(), Stats::new))
                .warmupRequests(first(r.warmupRequests(), plan.requests().size(), Stats::new))
                .targets(first(
                        r.targets(), plan.targets().size(), () -> r.targets().getLast()))
                .build();
    }

    /** The first {@code n} of {@code items}, and more from {@code more} if it has fewer. */
    private static <T> List<T> first(List<T> items, int n, Supplier<T> more) {
        List<T> out = new ArrayList<>(items.subList(0, Math.min(n, items.size())));
        while (out.size() < n) {
            out.add(more.get());
        }
        return out;
    }

    private static List<String> caveats(RunResult before, RunResult after) {
        return Comparison.of(before, after, "before.json", "after.json", Comparison.DEFAULT_NOISE)
                .caveats();
    }

    private static List<String> caveats(Plan before, Plan after) {
        return caveats(run(before), run(after));
    }

    @Test
    void twoRunsOfOnePlanHaveNothingToNote() {
        assertThat(caveats(plan(AB), plan(AB))).isEmpty();
    }

    @Test
    void anotherMixOfTheSameRequestsIsADifferenceOfRequests() {
        // 3:1 against 1:30 served 5,250/1,750 against 224/6,776 requests without a word.
        Plan mostlyB = plan(List.of(request("a", "/a", 1), request("b", "/b", 30)));
        assertThat(caveats(plan(AB), mostlyB))
                .containsExactly("the runs had different requests (a, share of the mix: before 75.0%; after 3.2%)");
        // Weights are relative: 6:2 is the mix 3:1 is.
        assertThat(caveats(plan(AB), plan(List.of(request("a", "/a", 6), request("b", "/b", 2)))))
                .isEmpty();
        // Shares that differ beyond the first decimal show as many as tell them apart.
        Plan nearly = plan(List.of(request("a", "/a", 3000), request("b", "/b", 1001)));
        assertThat(caveats(plan(AB), nearly))
                .containsExactly("the runs had different requests (a, share of the mix: before 75.00%; after 74.98%)");
        // A weight of 1 or 3 beside 2,000 and 1,000: '0.0%' and '0.1%' said nothing of how rarely either is sent.
        Plan one = plan(List.of(request("rare", "/r", 1), request("common", "/c", 2000), request("b", "/b", 1000)));
        Plan three = plan(List.of(request("rare", "/r", 3), request("common", "/c", 2000), request("b", "/b", 1000)));
        assertThat(caveats(one, three))
                .containsExactly("the runs had different requests (rare, share of the mix: before 0.033% (1 in"
                        + " 3,001); after 0.10% (1 in 1,001))");
        // Small shares that two digits do not tell apart show as many as do.
        Plan close = plan(List.of(request("rare", "/r", 1), request("common", "/c", 2002), request("b", "/b", 1000)));
        assertThat(caveats(one, close))
                .containsExactly("the runs had different requests (rare, share of the mix: before 0.03332% (1 in"
                        + " 3,001); after 0.03330% (1 in 3,003))");
    }

    @Test
    void eachSettingThatChangesWhatIsSentOrCountedIsADifferenceOfRequests() {
        RequestSpec b = AB.get(1);
        assertThat(caveats(plan(AB), withB(withMethod(b, "POST"))))
                .containsExactly("the runs had different requests (b, method: before GET; after POST)");
        assertThat(caveats(plan(AB), withB(withHeaders(b, List.of(new Header("X-Test", "a"))))))
                .containsExactly("the runs had different requests (b, headers: before none; after X-Test: a)");
        // A secret stays hidden in the note, as in the result it was read from.
        assertThat(caveats(
                        withB(withHeaders(b, List.of(new Header("Authorization", "Bearer one")))),
                        withB(withHeaders(
                                b, List.of(new Header("Authorization", "Bearer two"), new Header("X-Test", "a"))))))
                .containsExactly("the runs had different requests (b, headers: before Authorization: Bearer <redacted>;"
                        + " after Authorization: Bearer <redacted>, X-Test: a)");
        assertThat(caveats(plan(AB), withB(withBody(b, "hello"))))
                .containsExactly("the runs had different requests (b, body: before none; after 5 bytes)");
        assertThat(caveats(withB(withBody(b, "hello")), withB(withBody(b, "jello"))))
                .containsExactly("the runs had different requests (b, body: before 5 bytes; after 5 other bytes)");
        assertThat(caveats(plan(AB), withB(withExpected(b, StatusSet.range(200, 299)))))
                .containsExactly(
                        "the runs had different requests (b, expected status: before 200..399; after 200..299)");
        assertThat(caveats(plan(AB), withB(withPriority(b, 10))))
                .containsExactly("the runs had different requests (b, priority: before 0; after 10)");
    }

    @Test
    void anotherPathOnTheSameTargetIsAnotherRequestNotAnotherTarget() {
        assertThat(caveats(plan(AB), withB(request("b", "/b?delay=3ms", 1))))
                .containsExactly("the runs had different requests (b, path: before /b; after /b?delay=3ms)");
    }

    @Test
    void requestsAreMatchedByNameAndOtherwiseByPlace() {
        // The same requests listed in another order, or renamed, send the same load.
        assertThat(caveats(plan(AB), plan(List.of(AB.get(1), AB.get(0))))).isEmpty();
        assertThat(caveats(plan(AB), withB(request("c", "/b", 1)))).isEmpty();
        assertThat(caveats(plan(AB), withB(request("c", "/c", 1))))
                .containsExactly("the runs had different requests (request 2, path: before /b; after /c)");
        // One request each needs no name.
        assertThat(caveats(plan(List.of(request("GET /a", "/a", 1))), plan(List.of(request("GET /b", "/b", 1)))))
                .containsExactly("the runs had different requests (path: before /a; after /b)");
    }

    @Test
    void countsOfRequestsAndPhasesAreSingularForOne() {
        assertThat(caveats(plan(List.of(AB.get(0))), plan(AB)))
                .containsExactly("the runs had different requests (before: 1 request; after: 2)");
        Phase more = new Phase("more", LoadModel.Open.constant(2000), Duration.ofSeconds(3), 0, false);
        assertThat(caveats(plan(AB), plan(AB, MAIN, more)))
                .containsExactly("the runs had different loads (before: 1 phase; after: 2): the changes below compare"
                        + " loads, not builds");
        // The warm-up is not counted: the header's "2 phases" and "3 phases" are one measured phase and two.
        assertThat(caveats(plan(AB, WARMUP, MAIN), plan(AB, WARMUP, MAIN, more)))
                .containsExactly("the runs had different loads (before: 1 measured phase; after: 2): the changes below"
                        + " compare loads, not builds");
    }

    @Test
    void otherTargetsAreShownAsTargetsAndTheirRequestsAreNotNotedAgain() {
        Target elsewhere = new Target("t", "http", "127.0.0.1", 19101, TARGET.connections());
        Plan moved = new Plan(List.of(elsewhere), AB, List.of(MAIN), 2);
        assertThat(caveats(plan(AB), moved))
                .containsExactly(
                        "the runs loaded different targets (before: http://127.0.0.1:19100; after: http://127.0.0.1:19101)");
        Plan two = new Plan(
                List.of(TARGET, new Target("u", "http", "127.0.0.1", 19101, TARGET.connections())),
                List.of(
                        AB.get(0),
                        new RequestSpec("b", "u", "GET", "/b", List.of(), new byte[0], StatusSet.SUCCESS, 1, 0)),
                List.of(MAIN),
                2);
        assertThat(caveats(plan(AB), two))
                .containsExactly("the runs loaded different targets (before: 1 target; after: 2)");
        // A target renamed is the same server.
        Target renamed = new Target("server", "http", "127.0.0.1", 19100, TARGET.connections());
        Plan same = new Plan(
                List.of(renamed), AB.stream().map(q -> withTarget(q, "server")).toList(), List.of(MAIN), 2);
        assertThat(caveats(plan(AB), same)).isEmpty();
    }

    @Test
    void aWarmUpAloneIsNoDifferenceOfTheMeasuredLoad() {
        assertThat(caveats(plan(AB), plan(AB, WARMUP, MAIN)))
                .containsExactly(
                        "only the after run had a warm-up (open model, 1,000 req/s, 2s), which is not measured");
        assertThat(caveats(plan(AB, WARMUP, MAIN), plan(AB)))
                .containsExactly(
                        "only the before run had a warm-up (open model, 1,000 req/s, 2s), which is not measured");
        Phase longer = new Phase("warm-up", LoadModel.Open.constant(1000), Duration.ofSeconds(5), 0, true);
        assertThat(caveats(plan(AB, WARMUP, MAIN), plan(AB, longer, MAIN)))
                .containsExactly("the runs had different warm-ups (before: open model, 1,000 req/s, 2s; after: open"
                        + " model, 1,000 req/s, 5s), which are not measured");
        // A different measured load is the difference to name; its warm-up is part of it.
        Phase slower = new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(5), 0, false);
        assertThat(caveats(plan(AB, WARMUP, MAIN), plan(AB, longer, slower)))
                .containsExactly("the runs had different loads (before: open model, 1,000 req/s, 7s; after: open model,"
                        + " 100 req/s, 5s): the changes below compare loads, not builds");
    }

    @Test
    void aRunStoppedEarlySaysWhenAndWhy() {
        RunResult whole = run(plan(AB));
        RunResult interrupted = SampleResults.copy(whole)
                .interrupted(true)
                .measuredNanos(3_667_390_874L)
                .build();
        assertThat(caveats(whole, interrupted))
                .containsExactly("the after run was interrupted after measuring 3.67s of its 7s: its figures cover"
                        + " the time until then");
        RunResult aborted = SampleResults.copy(interrupted)
                .measuredNanos(2_016_767_035L)
                .thresholds(List.of(
                        new ThresholdResult("p99<10ms", "29.66ms", false, false),
                        new ThresholdResult("slow:p50<5ms", "20.38ms after 2s", false, true)))
                .build();
        assertThat(caveats(aborted, whole))
                .containsExactly("the before run was stopped early by a failed threshold (slow:p50<5ms) after measuring"
                        + " 2.02s of its 7s: its figures cover the time until then");
        assertThat(caveats(aborted, interrupted))
                .containsExactly(
                        "the before run was stopped early by a failed threshold (slow:p50<5ms) after measuring"
                                + " 2.02s of its 7s: its figures cover the time until then",
                        "the after run was interrupted after measuring 3.67s of its 7s: its figures cover the time"
                                + " until then");

        // A run compared with itself is both runs.
        assertThat(caveats(interrupted, interrupted))
                .containsExactly(
                        "the before run was interrupted after measuring 3.67s of its 7s: its figures cover the time"
                                + " until then",
                        "the after run was interrupted after measuring 3.67s of its 7s: its figures cover the time"
                                + " until then");

        RunResult connecting = SampleResults.copy(interrupted)
                .measuredNanos(0)
                .timeline(List.of())
                .build();
        assertThat(caveats(whole, connecting))
                .containsExactly("the after run was interrupted while opening its connections: no request was sent");
        RunResult inWarmup = SampleResults.copy(interrupted)
                .plan(plan(AB, WARMUP, MAIN))
                .measuredNanos(0)
                .build();
        assertThat(caveats(run(plan(AB, WARMUP, MAIN)), inWarmup))
                .containsExactly("the after run was interrupted in its warm-up: it measured no request");
    }

    @Test
    void theNotesReadTheSameFromSavedResults(@TempDir Path dir) throws Exception {
        // compare reads results: each setting a note names must be one a result keeps.
        RunResult before = run(plan(AB));
        RunResult after = SampleResults.copy(run(withB(withBody(withMethod(AB.get(1), "POST"), "hello"))))
                .interrupted(true)
                .measuredNanos(3_667_390_874L)
                .build();
        Path b = dir.resolve("before.json");
        Path a = dir.resolve("after.json");
        JsonReport.write(before, b);
        JsonReport.write(after, a);
        assertThat(caveats(JsonReport.read(b), JsonReport.read(a)))
                .containsExactly(
                        "the runs had different requests (b, method: before GET; after POST)",
                        "the after run was interrupted after measuring 3.67s of its 7s: its figures cover the time"
                                + " until then");
    }

    private static RequestSpec withMethod(RequestSpec q, String method) {
        return new RequestSpec(
                q.name(),
                q.target(),
                method,
                q.path(),
                q.headers(),
                q.body(),
                q.expectedStatus(),
                q.weight(),
                q.priority());
    }

    private static RequestSpec withHeaders(RequestSpec q, List<Header> headers) {
        return new RequestSpec(
                q.name(),
                q.target(),
                q.method(),
                q.path(),
                new ArrayList<>(headers),
                q.body(),
                q.expectedStatus(),
                q.weight(),
                q.priority());
    }

    private static RequestSpec withBody(RequestSpec q, String body) {
        return new RequestSpec(
                q.name(),
                q.target(),
                q.method(),
                q.path(),
                q.headers(),
                body.getBytes(StandardCharsets.UTF_8),
                q.expectedStatus(),
                q.weight(),
                q.priority());
    }

    private static RequestSpec withExpected(RequestSpec q, StatusSet expected) {
        return new RequestSpec(
                q.name(), q.target(), q.method(), q.path(), q.headers(), q.body(), expected, q.weight(), q.priority());
    }

    private static RequestSpec withPriority(RequestSpec q, int priority) {
        return new RequestSpec(
                q.name(),
                q.target(),
                q.method(),
                q.path(),
                q.headers(),
                q.body(),
                q.expectedStatus(),
                q.weight(),
                priority);
    }

    private static RequestSpec withTarget(RequestSpec q, String target) {
        return new RequestSpec(
                q.name(),
                target,
                q.method(),
                q.path(),
                q.headers(),
                q.body(),
                q.expectedStatus(),
                q.weight(),
                q.priority());
    }
}
