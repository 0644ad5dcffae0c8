package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static RunResult sample(String name) {
        return switch (name) {
            case "simple" -> HandMadeResults.simple();
            case "lateWarmUp" -> HandMadeResults.lateWarmUp();
            default -> HandMadeResults.multiPhase();
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple", "multiPhase", "lateWarmUp"})
    void writeReadWriteGivesIdenticalJson(String name, @TempDir Path dir) throws IOException {
        RunResult original = sample(name);
        Path first = dir.resolve("sub/first.json");
        JsonReport.write(original, first);
        RunResult back = JsonReport.read(first);
        Path second = dir.resolve("second.json");
        JsonReport.write(back, second);
        assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
        assertThat(JsonReport.toString(back)).isEqualTo(JsonReport.toString(original));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple", "multiPhase", "lateWarmUp"})
    void readingBackGivesEqualValues(String name, @TempDir Path dir) throws IOException {
        RunResult original = sample(name);
        Path file = dir.resolve("run.json");
        JsonReport.write(original, file);
        RunResult back = JsonReport.read(file);

        assertThat(back.startedAt()).isEqualTo(original.startedAt());
        assertThat(back.measuredNanos()).isEqualTo(original.measuredNanos());
        assertThat(back.totalNanos()).isEqualTo(original.totalNanos());
        assertThat(back.interrupted()).isEqualTo(original.interrupted());
        assertThat(back.generator()).isEqualTo(original.generator());
        assertThat(JsonReport.toJson(original).get("generator").has("tls"))
                .as("no https target, no TLS implementation")
                .isFalse();
        assertThat(back.targets()).isEqualTo(original.targets());
        assertThat(back.timeline()).isEqualTo(original.timeline());
        assertSamePlan(back.plan(), original.plan());
        assertSameStats(back.requests(), original.requests());
        assertSameStats(back.warmupRequests(), original.warmupRequests());
        assertThat(back.achievedRate()).isEqualTo(original.achievedRate());
        assertThat(back.offeredRate()).isEqualTo(original.offeredRate());
    }

    @Test
    void responsesAfterTheMeasuredTimeAreReadBackInNoRateForReportsAndComparisons(@TempDir Path dir)
            throws IOException {
        RunResult simple = HandMadeResults.simple(); // open model, 9,940 responses over 10 s
        RunResult late = SampleResults.copy(simple)
                .requests(List.of(simple.requests().get(0).copy().withAnsweredAfterEnd(940)))
                .build();
        Path file = dir.resolve("late.json");
        JsonReport.write(late, file);
        RunResult back = JsonReport.read(file);

        assertThat(back.requests().get(0).answeredAfterEnd()).isEqualTo(940);
        assertThat(back.achievedRate()).isEqualTo(900.0);
        assertThat(render(back))
                .contains("  Requests      9,940 in 10.00s, 900.0 req/s (940 of them answered after the plan's end:"
                        + " in no rate, as in wrk)\n")
                .isEqualTo(render(late));
        Comparison.Row achieved = Comparison.of(simple, back, "all", "late", Comparison.DEFAULT_NOISE).rows().stream()
                .filter(r -> r.metric().equals("achieved req/s"))
                .findFirst()
                .orElseThrow();
        assertThat(achieved.before()).isEqualTo(994.0);
        assertThat(achieved.after()).as("the rate without the late responses").isEqualTo(900.0);
    }

    private static String render(RunResult r) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            new TextReport(false).write(r, w);
        }
        return out.toString();
    }

    @Test
    void keepsEachTargetsFirstErrorDescriptions(@TempDir Path dir) throws IOException {
        RunResult r = HandMadeResults.simple();
        RunResult described = SampleResults.copy(r)
                .firstErrors(List.of(java.util.Map.of(
                        ErrorKind.PROTOCOL, "not an HTTP/1.x status line", ErrorKind.TLS, "PKIX path building failed")))
                .build();
        Path file = dir.resolve("run.json");
        JsonReport.write(described, file);

        JsonNode target = MAPPER.readTree(file.toFile()).get("targets").get(0);
        assertThat(target.get("firstErrors").get("protocol").asText()).isEqualTo("not an HTTP/1.x status line");
        assertThat(JsonReport.read(file).firstErrors()).isEqualTo(described.firstErrors());

        // A result written before gale kept them reads with none.
        ObjectNode old = (ObjectNode) MAPPER.readTree(file.toFile());
        ((ObjectNode) old.get("targets").get(0)).remove("firstErrors");
        assertThat(JsonReport.fromJson(old, "old.json").firstErrors()).containsExactly(java.util.Map.of());
    }

    @Test
    void keepsTheConnectionsClosedAfterBytesBeyondAResponseAndTheFirstDescription(@TempDir Path dir)
            throws IOException {
        RunResult r = HandMadeResults.extraBytes();
        Path file = dir.resolve("run.json");
        JsonReport.write(r, file);

        JsonNode targets = MAPPER.readTree(file.toFile()).get("targets");
        assertThat(targets.get(0).get("pool").get("closedAfterExtraBytes").asLong())
                .isEqualTo(22);
        assertThat(targets.get(0).get("firstExtraBytes").asText())
                .isEqualTo(r.firstExtraBytes().get(0));
        assertThat(targets.get(1).has("firstExtraBytes")).as("none from static").isFalse();
        RunResult back = JsonReport.read(file);
        assertThat(back.targets()).isEqualTo(r.targets());
        assertThat(back.firstExtraBytes()).isEqualTo(r.firstExtraBytes());

        // A result written before gale counted them reads with none.
        ObjectNode old = (ObjectNode) MAPPER.readTree(file.toFile());
        for (JsonNode t : old.get("targets")) {
            ((ObjectNode) t).remove("firstExtraBytes");
            ((ObjectNode) t.get("pool")).remove("closedAfterExtraBytes");
        }
        RunResult before = JsonReport.fromJson(old, "old.json");
        assertThat(before.firstExtraBytes()).containsExactly("", "");
        assertThat(before.targets().get(0).closedAfterExtraBytes()).isZero();
    }

    @Test
    void aTimelineHistogramThatIsNoHistogramIsRefusedAsTheResultIsRead() {
        // It read, and failed later: gale report --hlog as a disk would (exit 3), gale compare as a bug (exit 4).
        ObjectNode json = JsonReport.toJson(HandMadeResults.simple());
        ((ObjectNode) json.get("timeline").get(0)).put("responseTimeHistogram", "!!!notbase64");

        assertThatThrownBy(() -> JsonReport.fromJson(json, "bad.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/timeline/0/responseTimeHistogram is not an encoded HdrHistogram");
    }

    @Test
    void aResultWithALargeBodyReadsBack(@TempDir Path dir) throws IOException {
        // A 16 MiB body is over 20 MB of base64: past Jackson's default limit on a string, gale report refused it.
        RunResult simple = HandMadeResults.simple();
        Plan plan = simple.plan();
        RequestSpec r = plan.requests().get(0);
        byte[] body = new byte[16 << 20];
        java.util.Arrays.fill(body, (byte) 'x');
        RequestSpec big = new RequestSpec(
                r.name(),
                r.target(),
                "POST",
                r.path(),
                r.headers(),
                body,
                r.expectedStatus(),
                r.weight(),
                r.priority());
        RunResult withBody = SampleResults.copy(simple)
                .plan(new Plan(
                        plan.targets(), List.of(big), plan.phases(), plan.threads(), plan.thresholds(), plan.name()))
                .build();
        Path file = dir.resolve("big.json");
        JsonReport.write(withBody, file);

        assertThat(JsonReport.read(file).plan().requests().get(0).body()).isEqualTo(body);
    }

    @Test
    void keepsTheRequestsThatWaitedForAConnectionAndTheLongestWait(@TempDir Path dir) throws IOException {
        RunResult simple = HandMadeResults.simple();
        RunResult queued = SampleResults.copy(simple)
                .requests(List.of(simple.requests().get(0).copy().withWaitedForConnection(1_234, 812_345_678L)))
                .build();
        Path file = dir.resolve("queued.json");
        JsonReport.write(queued, file);

        JsonNode json = MAPPER.readTree(file.toFile());
        for (String stats : List.of("/total", "/requests/0", "/targets/0")) {
            assertThat(json.at(stats + "/waitedForConnection").asLong()).isEqualTo(1_234);
            assertThat(json.at(stats + "/longestConnectionWaitNanos").asLong()).isEqualTo(812_345_678L);
        }
        assertThat(json.at("/warmupRequests/0/waitedForConnection").asLong()).isZero();
        Stats back = JsonReport.read(file).requests().get(0);
        assertThat(back.waitedForConnection()).isEqualTo(1_234);
        assertThat(back.longestConnectionWaitNanos()).isEqualTo(812_345_678L);

        // A result written before gale counted them reads with none.
        ObjectNode old = (ObjectNode) MAPPER.readTree(file.toFile());
        for (JsonNode r : old.get("requests")) {
            ((ObjectNode) r).remove(List.of("waitedForConnection", "longestConnectionWaitNanos"));
        }
        Stats before = JsonReport.fromJson(old, "old.json").total();
        assertThat(before.waitedForConnection()).isZero();
        assertThat(before.longestConnectionWaitNanos()).isZero();
    }

    @Test
    void theTimelineRowsOfEachKindAddUpToThatKindsTotalsThoughRequestsAreAnsweredAfterTheirPhase() {
        // The warm-up's last requests are answered in the first measured interval, the measured phase's last in the
        // cool-down's first: an interval's total holds its own kind, otherKind the other's.
        RunResult r = HandMadeResults.lateWarmUp();
        JsonNode json = JsonReport.toJson(r);
        long[][] sums = new long[2][4]; // measured, warm-up: scheduled, responses, errors, 503s
        long[][] perRequest = new long[2][2]; // measured, warm-up: responses of x, of y
        double[] max = new double[2];
        int intervalsWithBoth = 0;
        for (JsonNode p : json.get("timeline")) {
            int own = p.get("warmup").asBoolean() ? 1 : 0;
            add(p, own, sums, perRequest, max);
            if (p.has("otherKind")) {
                intervalsWithBoth++;
                add(p.get("otherKind"), 1 - own, sums, perRequest, max);
            }
        }
        Stats warmup = r.warmupTotal();
        assertThat(sums[0])
                .as("measured")
                .containsExactly(
                        json.at("/total/scheduled").asLong(),
                        json.at("/total/responses").asLong(),
                        json.at("/total/errors").asLong(),
                        json.at("/total/statuses/503").asLong());
        assertThat(sums[1])
                .as("warm-up")
                .containsExactly(warmup.scheduled(), warmup.responses(), warmup.errors(), warmup.status(503));
        assertThat(perRequest[0])
                .containsExactly(
                        json.at("/requests/0/responses").asLong(),
                        json.at("/requests/1/responses").asLong());
        assertThat(perRequest[1])
                .containsExactly(
                        json.at("/warmupRequests/0/responses").asLong(),
                        json.at("/warmupRequests/1/responses").asLong());
        assertThat(max[0]).isEqualTo(json.at("/total/responseTime/max").asDouble());
        assertThat(max[1]).isEqualTo(Latency.of(warmup.responseTime()).max());
        // The warm-up's last interval (a measured request issued before its cut), the first measured one, the
        // measured phase's last (a cool-down request issued before its cut) and the cool-down's first.
        assertThat(intervalsWithBoth).isEqualTo(4);
    }

    /** Adds the counts of timeline row or otherKind {@code p} to those of {@code kind} (0 measured, 1 warm-up). */
    private static void add(JsonNode p, int kind, long[][] sums, long[][] perRequest, double[] max) {
        JsonNode total = p.get("total");
        sums[kind][0] += total.get("scheduled").asLong();
        sums[kind][1] += total.get("responses").asLong();
        sums[kind][2] += total.get("errors").asLong();
        sums[kind][3] += total.path("statuses").path("503").asLong();
        for (int i = 0; i < 2; i++) {
            perRequest[kind][i] += p.get("requests").get(i).get("responses").asLong();
        }
        if (total.at("/responseTime/count").asLong() > 0) {
            max[kind] = Math.max(max[kind], total.at("/responseTime/max").asDouble());
        }
    }

    @Test
    void holdsTheDerivedFiguresReadersNeed() {
        RunResult r = HandMadeResults.simple();
        JsonNode json = JsonReport.toJson(r);
        assertThat(json.get("format").asText()).isEqualTo("gale-result/1");
        assertThat(json.at("/throughput/offeredPerSecond").asDouble()).isEqualTo(1000.0);
        assertThat(json.at("/throughput/achievedPerSecond").asDouble())
                .isEqualTo(r.total().responses() / 10.0);
        assertThat(json.at("/total/scheduled").asLong()).isEqualTo(10_000);
        assertThat(json.at("/total/errorsByKind/connect_refused").asLong()).isEqualTo(5);
        assertThat(json.at("/total/statuses/503").asLong()).isEqualTo(r.total().status(503));
        assertThat(json.at("/total/histograms/unit").asText()).isEqualTo("microseconds");
        assertThat(json.at("/requests/0/name").asText()).isEqualTo("GET /api?x=1");
        assertThat(json.at("/targets/0/url").asText()).isEqualTo("http://127.0.0.1:8080");
        assertThat(json.at("/targets/0/pool/connects").asLong()).isEqualTo(64);
        assertThat(json.at("/plan/phases/0/description").asText()).isEqualTo("open model, 1,000 req/s, 10s");
        assertThat(json.get("timeline")).hasSize(10);
    }

    @Test
    void secretHeaderValuesAreWrittenRedactedAndReadBackSo() {
        RunResult r = SampleResults.typical();
        ObjectNode json = JsonReport.toJson(r);
        assertThat(JsonReport.toString(r)).doesNotContain("secret-token");
        JsonNode headers = json.at("/plan/requests/1/headers");
        assertThat(headers.toString())
                .isEqualTo("[[\"Authorization\",\"Bearer <redacted>\"],[\"Content-Type\",\"application/json\"]]");

        RunResult back = JsonReport.fromJson(json, "r.json");
        assertThat(back.plan().requests().get(1).headers())
                .containsExactly(
                        new Header("Authorization", "Bearer <redacted>"),
                        new Header("Content-Type", "application/json"));
        assertThat(JsonReport.toString(back)).isEqualTo(JsonReport.toString(r));
    }

    /** As the class comment says: secret query values are written as displayPath shows them; a body as given. */
    @Test
    void secretQueryValuesInPathsAreWrittenRedactedAndReadBackSoWhileBodiesAreAsGiven() {
        RunResult r = SampleResults.typical();
        RequestSpec first = r.plan().requests().get(0);
        RequestSpec keyed = new RequestSpec(
                first.name(),
                first.target(),
                "POST",
                "/v1?q=x&api_key=s3cr3t",
                List.of(),
                "user=a".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                first.expectedStatus(),
                first.weight(),
                first.priority());
        List<RequestSpec> requests = new java.util.ArrayList<>(r.plan().requests());
        requests.set(0, keyed);
        Plan plan = new Plan(
                r.plan().targets(), requests, r.plan().phases(), r.plan().threads());
        RunResult withKey = SampleResults.copy(r).plan(plan).build();

        ObjectNode json = JsonReport.toJson(withKey);
        assertThat(JsonReport.toString(withKey)).doesNotContain("s3cr3t");
        assertThat(json.at("/plan/requests/0/path").asText()).isEqualTo("/v1?q=x&api_key=<redacted>");
        RunResult back = JsonReport.fromJson(json, "r.json");
        assertThat(back.plan().requests().get(0).path()).isEqualTo("/v1?q=x&api_key=<redacted>");
        assertThat(back.plan().requests().get(0).body()).asString().isEqualTo("user=a");
    }

    @Test
    void aThresholdNotEvaluatedIsWrittenSkippedAndReadBackSoWhileOlderResultsReadAsEvaluated() {
        List<ThresholdResult> verdicts = List.of(
                new ThresholdResult("p99<50ms", "none", false, false, true),
                new ThresholdResult("rps>1", "5.0/s", true, false));
        ObjectNode json = JsonReport.toJson(SampleResults.typical().withThresholds(verdicts));
        assertThat(json.at("/thresholds/0/skipped").asBoolean()).isTrue();
        assertThat(json.at("/thresholds/1/skipped").isBoolean()).isTrue();
        assertThat(JsonReport.fromJson(json, "run.json").thresholds()).isEqualTo(verdicts);

        // Written before thresholds could be skipped: none was.
        json.withArray("/thresholds").forEach(t -> ((ObjectNode) t).remove("skipped"));
        assertThat(JsonReport.fromJson(json, "old.json").thresholds())
                .extracting(ThresholdResult::skipped)
                .containsExactly(false, false);
    }

    @Test
    void aResultWrittenBeforeRedactionWithTheRawValueStillReads() {
        ObjectNode json = JsonReport.toJson(SampleResults.typical());
        ArrayNode authorization = (ArrayNode) json.at("/plan/requests/1/headers/0");
        authorization.set(1, MAPPER.getNodeFactory().textNode("Bearer secret-token"));

        RunResult back = JsonReport.fromJson(json, "old.json");
        assertThat(back.plan().requests().get(1).headers().get(0))
                .isEqualTo(new Header("Authorization", "Bearer secret-token"));
        // Written again (gale report old.json --json new.json), the value is redacted.
        assertThat(JsonReport.toString(back)).doesNotContain("secret-token").contains("Bearer <redacted>");
    }

    @Test
    void uniformArrivalsHaveNoSeedToRecordWhilePoissonOnesKeepTheirs() {
        // A uniform run recorded the random seed drawn for Poisson phases it did not have: "seed": 1615071399.
        RunResult r = SampleResults.typical();
        Plan plan = r.plan();
        Plan seeded = new Plan(
                plan.targets(),
                plan.requests(),
                List.of(
                        new Phase(
                                "even",
                                new LoadModel.Open(10, 10, LoadModel.Arrivals.UNIFORM, 1615071399, 0),
                                Duration.ofSeconds(1),
                                0,
                                false),
                        new Phase(
                                "random",
                                new LoadModel.Open(10, 10, LoadModel.Arrivals.POISSON, 7, 0),
                                Duration.ofSeconds(1),
                                0,
                                false)),
                plan.threads());
        RunResult withSeeds = SampleResults.copy(r).plan(seeded).build();
        JsonNode phases = JsonReport.toJson(withSeeds).at("/plan/phases");
        assertThat(phases.get(0).at("/load/seed").asLong()).isZero();
        assertThat(phases.get(1).at("/load/seed").asLong()).isEqualTo(7);
    }

    @Test
    void refusesSomethingThatIsNotAGaleResult() throws IOException {
        JsonNode other = MAPPER.readTree("{\"format\": \"other/1\"}");
        assertThatThrownBy(() -> JsonReport.fromJson(other, "x.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.json is not a gale result (expected \"format\": \"gale-result/1\")."
                        + " Write one with gale run --json FILE");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gale-result/2", "gale-result/10"})
    void aResultOfANewerFormatSaysToUpgradeGale(String format) {
        // What a later gale writes may hold anything: only its format is read.
        ObjectNode json = MAPPER.createObjectNode().put("format", format);
        json.putObject("plan").put("somethingNew", true);
        assertThatThrownBy(() -> JsonReport.fromJson(json, "new.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("new.json was written by a newer gale (format " + format + "); this gale reads"
                        + " gale-result/1: upgrade gale");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gale-result/0", "gale-result/", "gale-result/x", "gale-result/1.1", "gale-results/2", ""})
    void aFormatThatNoGaleWritesIsNotAGaleResult(String format) {
        ObjectNode json = MAPPER.createObjectNode().put("format", format);
        assertThatThrownBy(() -> JsonReport.fromJson(json, "x.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.json is not a gale result (expected \"format\": \"gale-result/1\").");
    }

    @Test
    void refusesAnIncompleteResultNamingTheSource() throws IOException {
        JsonNode partial = MAPPER.readTree("{\"format\": \"gale-result/1\", \"plan\": {}}");
        assertThatThrownBy(() -> JsonReport.fromJson(partial, "y.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("y.json is not a complete gale result: ");
    }

    @Test
    void refusesAResultThatBreaksTheSchemaNamingThePlace() {
        ObjectNode json = JsonReport.toJson(SampleResults.typical());
        ((ObjectNode) json.get("timeline").get(3)).remove("total");
        assertThatThrownBy(() -> JsonReport.fromJson(json, "y.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y.json is not a complete gale result: /timeline/3: required property 'total' not found");
        ((ObjectNode) json.get("timeline").get(4)).putNull("pools");
        assertThatThrownBy(() -> JsonReport.fromJson(json, "y.json"))
                .hasMessage("y.json is not a complete gale result: /timeline/3: required property 'total' not found"
                        + " (and 1 more problem)");
    }

    @Test
    void refusesTotalsThatDoNotMatchThePlan() {
        ObjectNode requests = JsonReport.toJson(SampleResults.typical());
        ((ArrayNode) requests.get("requests")).remove(2);
        assertThatThrownBy(() -> JsonReport.fromJson(requests, "y.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y.json is not a complete gale result: /requests and /warmupRequests need one entry per"
                        + " request of /plan/requests (3)");
        ObjectNode targets = JsonReport.toJson(SampleResults.typical());
        ((ArrayNode) targets.get("plan").get("targets")).remove(1);
        ((ArrayNode) targets.get("plan").get("requests")).remove(2);
        ((ArrayNode) targets.get("requests")).remove(2);
        ((ArrayNode) targets.get("warmupRequests")).remove(2);
        assertThatThrownBy(() -> JsonReport.fromJson(targets, "y.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y.json is not a complete gale result: /targets needs one entry per target of"
                        + " /plan/targets (1)");
        // A timeline row's pools per target, one short: gale report --csv ended in an index out of bounds.
        ObjectNode rows = JsonReport.toJson(SampleResults.typical());
        ArrayNode row = (ArrayNode) rows.get("timeline").get(1).get("targetPools");
        assertThat(row).as("the sample's rows have them").hasSize(2);
        row.remove(1);
        assertThatThrownBy(() -> JsonReport.fromJson(rows, "y.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y.json is not a complete gale result: /timeline/1/targetPools needs none or one entry per"
                        + " target of /plan/targets (2)");
    }

    private static void assertSamePlan(Plan actual, Plan expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.threads()).isEqualTo(expected.threads());
        assertThat(actual.targets()).isEqualTo(expected.targets());
        assertThat(actual.phases()).isEqualTo(expected.phases());
        assertThat(actual.requests()).hasSameSizeAs(expected.requests());
        for (int i = 0; i < expected.requests().size(); i++) {
            RequestSpec a = actual.requests().get(i);
            RequestSpec e = expected.requests().get(i);
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.target()).isEqualTo(e.target());
            assertThat(a.method()).isEqualTo(e.method());
            assertThat(a.path()).isEqualTo(e.path());
            assertThat(a.headers()).isEqualTo(e.headers());
            assertThat(a.body()).isEqualTo(e.body());
            assertThat(a.expectedStatus()).isEqualTo(e.expectedStatus());
            assertThat(a.expectedStatus()).hasToString(e.expectedStatus().toString());
            assertThat(a.weight()).isEqualTo(e.weight());
            assertThat(a.priority()).isEqualTo(e.priority());
        }
    }

    private static void assertSameStats(List<Stats> actual, List<Stats> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Stats a = actual.get(i);
            Stats e = expected.get(i);
            assertThat(a.scheduled()).isEqualTo(e.scheduled());
            assertThat(a.sent()).isEqualTo(e.sent());
            assertThat(a.responses()).isEqualTo(e.responses());
            assertThat(a.dropped()).isEqualTo(e.dropped());
            assertThat(a.bytesSent()).isEqualTo(e.bytesSent());
            assertThat(a.bytesReceived()).isEqualTo(e.bytesReceived());
            assertThat(a.errorCounts()).isEqualTo(e.errorCounts());
            assertThat(a.statusCounts()).isEqualTo(e.statusCounts());
            assertThat(a.responseTime()).isEqualTo(e.responseTime());
            assertThat(a.serviceTime()).isEqualTo(e.serviceTime());
            assertThat(a.scheduleLag()).isEqualTo(e.scheduleLag());
            assertThat(a.waitedForConnection()).isEqualTo(e.waitedForConnection());
            assertThat(a.longestConnectionWaitNanos()).isEqualTo(e.longestConnectionWaitNanos());
        }
    }
}
