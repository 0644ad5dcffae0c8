package dev.gale.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalHistograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Sample;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import dev.gale.record.TimelinePoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Deterministic, hand-made run results for report tests: three request names on two targets, an open
 * model at a fixed rate, log-normal service times, a one-second stall (schedule lag and read timeouts),
 * unexpected statuses, two thresholds (one fails) and the short tail interval a real run ends with. The
 * totals are the sum of the intervals, as in a real run.
 */
public final class SampleResults {
    public static final Instant STARTED = Instant.parse("2026-01-02T03:04:05.123Z");

    private SampleResults() {}

    /** Stats holding nothing but {@code n} errors of {@code kind}: requests ended in an interval, sent in another. */
    public static Stats errorsOnly(ErrorKind kind, long n) {
        return Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                0,
                0,
                0,
                0,
                0,
                0,
                Map.of(kind, n),
                Map.of());
    }

    /**
     * An interval whose offered load is the requests issued in it, each name its own, as the collector makes
     * one where the plan has no planned figure (a closed-model phase).
     */
    public static IntervalSnapshot snapshot(
            int index,
            long startNanos,
            long endNanos,
            String phase,
            boolean warmup,
            List<Stats> requests,
            List<Stats> warmupRequests,
            List<PoolLevels> targets) {
        List<Double> issued = new ArrayList<>(requests.size());
        List<Double> otherIssued = new ArrayList<>(requests.size());
        double offered = 0;
        double otherOffered = 0;
        for (int i = 0; i < requests.size(); i++) {
            double n = (warmup ? warmupRequests : requests).get(i).scheduled();
            double other = (warmup ? requests : warmupRequests).get(i).scheduled();
            issued.add(n);
            otherIssued.add(other);
            offered += n;
            otherOffered += other;
        }
        return new IntervalSnapshot(
                index,
                startNanos,
                endNanos,
                phase,
                warmup,
                requests,
                warmupRequests,
                targets,
                offered,
                issued,
                otherOffered,
                otherIssued);
    }

    /**
     * A copy of {@code r} to change parts of: {@code copy(r).timeline(t).interrupted(true).build()}. A part
     * not set is {@code r}'s own.
     */
    public static Copy copy(RunResult r) {
        return new Copy(r);
    }

    /**
     * A {@link RunResult} being copied with some parts replaced; {@link #build()} makes it. The parts are those
     * of {@link RunResult}'s canonical constructor, which checks them as it does any result's.
     */
    public static final class Copy {
        private Plan plan;
        private Instant startedAt;
        private long measuredNanos;
        private long totalNanos;
        private boolean interrupted;
        private List<Stats> requests;
        private List<Stats> warmupRequests;
        private List<PoolLevels> targets;
        private List<TimelinePoint> timeline;
        private RunResult.Generator generator;
        private List<ThresholdResult> thresholds;
        private List<Map<ErrorKind, String>> firstErrors;
        private List<String> firstExtraBytes;

        private Copy(RunResult r) {
            plan = r.plan();
            startedAt = r.startedAt();
            measuredNanos = r.measuredNanos();
            totalNanos = r.totalNanos();
            interrupted = r.interrupted();
            requests = r.requests();
            warmupRequests = r.warmupRequests();
            targets = r.targets();
            timeline = r.timeline();
            generator = r.generator();
            thresholds = r.thresholds();
            firstErrors = r.firstErrors();
            firstExtraBytes = r.firstExtraBytes();
        }

        /**
         * Another plan, and so no error described: first errors are per target of a plan ({@link #firstErrors}
         * after this sets some). The timeline's pools per target go too when the plan's targets are not as many,
         * as a result read back would refuse them.
         */
        public Copy plan(Plan value) {
            plan = value;
            firstErrors = Collections.nCopies(value.targets().size(), Map.of());
            firstExtraBytes = Collections.nCopies(value.targets().size(), "");
            int targets = value.targets().size();
            timeline = timeline.stream()
                    .map(p -> p.targetPools().isEmpty() || p.targetPools().size() == targets
                            ? p
                            : new TimelinePoint(
                                    p.startSeconds(),
                                    p.endSeconds(),
                                    p.phase(),
                                    p.warmup(),
                                    p.total(),
                                    p.requests(),
                                    p.pools(),
                                    p.responseTimeHistogram(),
                                    p.serviceTimeHistogram(),
                                    p.requestHistograms(),
                                    p.offered(),
                                    p.requestOffered(),
                                    List.of(),
                                    p.otherKind()))
                    .toList();
            return this;
        }

        public Copy measuredNanos(long value) {
            measuredNanos = value;
            return this;
        }

        public Copy totalNanos(long value) {
            totalNanos = value;
            return this;
        }

        public Copy interrupted(boolean value) {
            interrupted = value;
            return this;
        }

        public Copy requests(List<Stats> value) {
            requests = value;
            return this;
        }

        public Copy warmupRequests(List<Stats> value) {
            warmupRequests = value;
            return this;
        }

        public Copy targets(List<PoolLevels> value) {
            targets = value;
            return this;
        }

        public Copy timeline(List<TimelinePoint> value) {
            timeline = value;
            return this;
        }

        public Copy generator(RunResult.Generator value) {
            generator = value;
            return this;
        }

        public Copy thresholds(List<ThresholdResult> value) {
            thresholds = value;
            return this;
        }

        public Copy firstErrors(List<Map<ErrorKind, String>> value) {
            firstErrors = value;
            return this;
        }

        public Copy firstExtraBytes(List<String> value) {
            firstExtraBytes = value;
            return this;
        }

        public RunResult build() {
            return new RunResult(
                    plan,
                    startedAt,
                    measuredNanos,
                    totalNanos,
                    interrupted,
                    requests,
                    warmupRequests,
                    targets,
                    timeline,
                    generator,
                    thresholds,
                    firstErrors,
                    firstExtraBytes);
        }
    }

    /** {@code r} with its phases made closed-model ones of 8 connections, each as long as it was. */
    public static RunResult closedModel(RunResult r) {
        Plan plan = r.plan();
        List<Phase> closed = plan.phases().stream()
                .map(p -> new Phase(p.name(), LoadModel.Closed.connections(8), p.duration(), 0, p.warmup()))
                .toList();
        return copy(r).plan(new Plan(
                        plan.targets(), plan.requests(), closed, plan.threads(), plan.thresholds(), plan.name()))
                .build();
    }

    /** Ten measured seconds at 600 req/s. */
    public static RunResult typical() {
        return build(false, 600, 1.0, 42);
    }

    /** Two warm-up seconds, then eight measured ones. */
    public static RunResult withWarmup() {
        return build(true, 600, 1.0, 42);
    }

    /**
     * A run like {@link #typical()} with service times scaled by {@code latencyFactor}.
     *
     * @param rate requests per second
     * @param seed the random seed: different seeds give runs that differ only by noise
     */
    public static RunResult build(boolean warmup, int rate, double latencyFactor, long seed) {
        return run(warmup, rate, latencyFactor, seed).result();
    }

    /**
     * {@code before.json} against {@code after.json}: the same load, with service times 1.5 times as long
     * after (and other seeds, so noise too).
     */
    public static Comparison slowdown() {
        return Comparison.of(
                build(false, 600, 1.0, 1),
                build(false, 600, 1.5, 2),
                "before.json",
                "after.json",
                Comparison.DEFAULT_NOISE);
    }

    /** The snapshots {@link #withWarmup()} is made of, in the order a run would deliver them. */
    public static List<IntervalSnapshot> withWarmupSnapshots() {
        return run(true, 600, 1.0, 42).snapshots();
    }

    /**
     * The JSON of {@code r}, made of {@code snapshots}, as a gale wrote it before the timeline kept an interval's
     * requests of the other kind apart: each interval's {@code total}, {@code requests} and histograms hold both
     * kinds, and a {@code crossover} (no {@code otherKind}) the other kind's, without per-request counts.
     */
    public static ObjectNode writtenBeforeTheTimelineKeptTheOtherKindApart(
            RunResult r, List<IntervalSnapshot> snapshots) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = JsonReport.toJson(r);
        for (int k = 0; k < snapshots.size(); k++) {
            ObjectNode p = (ObjectNode) json.get("timeline").get(k);
            JsonNode other = p.remove("otherKind");
            if (other == null) {
                continue;
            }
            IntervalSnapshot s = snapshots.get(k);
            Stats both = s.total();
            List<Stats> each = new ArrayList<>();
            for (int i = 0; i < s.requests().size(); i++) {
                each.add(s.requests().get(i).copy().add(s.warmupRequests().get(i)));
            }
            p.set("total", mapper.valueToTree(Sample.of(both)));
            p.set("requests", mapper.valueToTree(each.stream().map(Sample::of).toList()));
            p.put("responseTimeHistogram", Histograms.encode(both.responseTime()));
            p.put("serviceTimeHistogram", Histograms.encode(both.serviceTime()));
            if (each.size() > 1) {
                p.set(
                        "requestHistograms",
                        mapper.valueToTree(
                                each.stream().map(IntervalHistograms::of).toList()));
            }
            ((ObjectNode) other).remove("requests");
            p.set("crossover", other);
        }
        return json;
    }

    /**
     * The JSON of {@link HandMadeResults#lateWarmUp()} as {@link #writtenBeforeTheTimelineKeptTheOtherKindApart}
     * gives it: its first measured second holds 100 measured responses and the warm-up's 29 late ones.
     */
    public static ObjectNode lateWarmUpWrittenBeforeTheTimelineKeptTheOtherKindApart() {
        return writtenBeforeTheTimelineKeptTheOtherKindApart(
                HandMadeResults.lateWarmUp(), HandMadeResults.lateWarmUpSnapshots());
    }

    /** A hand-made run: its result, and the snapshots its timeline was made of. */
    private record Built(RunResult result, List<IntervalSnapshot> snapshots) {}

    private static Built run(boolean warmup, int rate, double latencyFactor, long seed) {
        ConnectionSettings settings = ConnectionSettings.defaults().withMaxConnections(32);
        List<Target> targets = List.of(
                new Target("api", "http", "127.0.0.1", 8080, settings),
                new Target("static", "http", "127.0.0.1", 8081, settings));
        List<RequestSpec> requests = List.of(
                RequestSpec.get("GET /users", "api", "/users?page=1"),
                new RequestSpec(
                        "POST /orders, \"new\"",
                        "api",
                        "POST",
                        "/orders",
                        List.of(
                                new Header("Authorization", "Bearer secret-token"),
                                new Header("Content-Type", "application/json")),
                        "{\"item\":1}".getBytes(StandardCharsets.UTF_8),
                        StatusSet.SUCCESS,
                        1,
                        0),
                RequestSpec.get("GET /logo.png <b>", "static", "/logo.png"));
        List<Phase> phases = warmup
                ? List.of(
                        new Phase("warm-up", LoadModel.Open.constant(rate), Duration.ofSeconds(2), 0, true),
                        new Phase("steady", LoadModel.Open.constant(rate), Duration.ofSeconds(8), 0, false))
                : List.of(new Phase("main", LoadModel.Open.constant(rate), Duration.ofSeconds(10), 0, false));
        Plan plan = new Plan(targets, requests, phases, 2);

        double[] medianMillis = {2.0, 5.0, 0.4};
        double[] share = {0.6, 0.25, 0.15};
        Random random = new Random(seed);
        List<Stats> measured = empty(3);
        List<Stats> warm = empty(3);
        List<TimelinePoint> timeline = new ArrayList<>();
        List<IntervalSnapshot> snapshots = new ArrayList<>();
        long second = 1_000_000_000L;
        int intervals = 11; // ten seconds and the tail
        for (int i = 0; i < intervals; i++) {
            boolean tail = i == 10;
            boolean inWarmup = warmup && i < 2;
            boolean stall = i == 6;
            List<Stats> interval = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int n = tail ? (int) (rate * share[r] * 0.02) : (int) Math.round(rate * share[r]);
                interval.add(requests(random, tail ? 0 : n, n, medianMillis[r] * latencyFactor, stall, r == 1));
            }
            List<Stats> none = empty(3);
            IntervalSnapshot s = snapshot(
                    i,
                    i * second,
                    tail ? 10 * second + 200_000_000L : (i + 1) * second,
                    inWarmup ? "warm-up" : warmup ? "steady" : "main",
                    inWarmup,
                    inWarmup ? none : interval,
                    inWarmup ? interval : none,
                    List.of(
                            new PoolLevels(24, 0, tail ? 0 : 9, stall ? 40 : 0, 24, 0, 0),
                            new PoolLevels(8, 0, tail ? 0 : 2, 0, 8, 0, 0)));
            snapshots.add(s);
            timeline.add(TimelinePoint.of(s));
            for (int r = 0; r < 3; r++) {
                (inWarmup ? warm : measured).get(r).add(interval.get(r));
            }
        }
        long measuredNanos = (warmup ? 8 : 10) * second;
        RunResult result = new RunResult(
                plan,
                STARTED,
                measuredNanos,
                10 * second + 200_000_000L,
                false,
                measured,
                warm,
                List.of(new PoolLevels(24, 0, 0, 0, 24, 0, 0), new PoolLevels(8, 0, 0, 0, 8, 1, 0)),
                timeline,
                new RunResult.Generator("0.0.0-test", 2, "epoll", null, "21", 2),
                List.of(
                        new ThresholdResult("p99<50ms", "42.00ms", true, false),
                        new ThresholdResult("error_rate<0.5%", "0.80%", false, false)),
                List.of(Map.of(), Map.of()),
                List.of("", ""));
        return new Built(result, snapshots);
    }

    private static List<Stats> empty(int n) {
        List<Stats> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Stats());
        }
        return out;
    }

    /**
     * {@code scheduled} requests of which {@code completed} end in this interval: log-normal service times
     * around {@code medianMillis}; in a stall, 100..400 ms of schedule lag and 2 read timeouts at 3 s.
     */
    private static Stats requests(
            Random random, int scheduled, int completed, double medianMillis, boolean stall, boolean errors) {
        Histogram rt = Histograms.create();
        Histogram st = Histograms.create();
        Histogram lag = Histograms.create();
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<ErrorKind, Long> kinds = new EnumMap<>(ErrorKind.class);
        int timeouts = stall && errors ? 2 : 0;
        long responses = 0;
        for (int k = 0; k < completed - timeouts; k++) {
            long serviceMicros = Math.max(1, Math.round(medianMillis * 1000 * Math.exp(0.5 * random.nextGaussian())));
            long lagMicros = stall && k % 3 == 0 ? 100_000 + random.nextInt(300_000) : 20 + random.nextInt(60);
            st.recordValue(serviceMicros);
            lag.recordValue(lagMicros);
            rt.recordValue(serviceMicros + lagMicros);
            int status = errors && k % 97 == 5 ? 500 : 200;
            statuses.merge(status, 1L, Long::sum);
            if (status == 500) {
                kinds.merge(ErrorKind.STATUS, 1L, Long::sum);
            }
            responses++;
        }
        for (int k = 0; k < timeouts; k++) {
            rt.recordValue(3_000_000);
            st.recordValue(2_999_000);
            lag.recordValue(1_000);
            kinds.merge(ErrorKind.READ_TIMEOUT, 1L, Long::sum);
        }
        return Stats.of(
                rt, st, lag, scheduled, completed, responses, 0, completed * 120L, responses * 300L, kinds, statuses);
    }
}
