package dev.gale.report;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.PoolGauges;
import dev.gale.record.PoolLevels;
import dev.gale.record.RequestRecorder;
import dev.gale.record.RunResult;
import dev.gale.schedule.OfferedLoad;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Hand-made, fully deterministic run results for reporter tests: every number is computed from the loop
 * indices below, so golden files never change unless a reporter does. No run, no clock, no network.
 */
final class HandMadeResults {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private HandMadeResults() {}

    /**
     * One URL at 1,000 req/s for 10 s: 10,000 scheduled; 9,940 responses (50 of them an unexpected 503);
     * 20 read timeouts, 25 resets, 5 refused connects; 10 dropped.
     */
    static RunResult simple() {
        ConnectionSettings settings = ConnectionSettings.defaults();
        Target target = new Target("127.0.0.1:8080", "http", "127.0.0.1", 8080, settings);
        RequestSpec request = RequestSpec.get("GET /api?x=1", target.name(), "/api?x=1");
        Plan plan = new Plan(
                List.of(target),
                List.of(request),
                List.of(new Phase("main", LoadModel.Open.constant(1000), Duration.ofSeconds(10), 0, false)),
                2);

        Collector collector = new Collector(1, 1);
        RequestRecorder[] loopA = collector.newLoopRecorders();
        RequestRecorder[] loopB = collector.newLoopRecorders();
        PoolGauges[] gaugesA = collector.newLoopGauges();
        PoolGauges[] gaugesB = collector.newLoopGauges();
        for (int c = 0; c < 33; c++) {
            gaugesA[0].connected();
        }
        for (int c = 0; c < 31; c++) {
            gaugesB[0].connected();
        }
        gaugesB[0].connectFailed();
        for (int second = 0; second < 10; second++) {
            for (int j = 0; j < 1000; j++) {
                int i = second * 1000 + j;
                RequestRecorder r = (i % 2 == 0 ? loopA : loopB)[0];
                long intended = i * MS;
                // Schedule lag 0..99 us, service time 1..10.9 ms with a tail every 100th request.
                long sent = intended + (i % 100) * 1_000L;
                r.recordScheduled(intended, sent);
                if (i % 1000 == 999) {
                    r.recordDropped();
                    continue;
                }
                if (i % 2000 == 1) {
                    r.recordFailure(ErrorKind.CONNECT_REFUSED, intended, 0, intended + 2 * MS, 0);
                    continue;
                }
                long service = MS + (i % 100) * 100_000L + (i % 100 == 42 ? 250 * MS : 0);
                r.recordSent(95);
                if (i % 500 == 7) {
                    r.recordFailure(ErrorKind.READ_TIMEOUT, intended, sent, sent + 3 * SECOND, 0);
                } else if (i % 1000 == 13 || i % 1000 == 513 || i % 2000 == 3) {
                    r.recordFailure(ErrorKind.RESET, intended, sent, sent + service / 2, 17);
                } else {
                    int status = i % 200 == 11 ? 503 : 200;
                    r.recordResponse(status, status == 200, intended, sent, sent + service, 160);
                }
            }
            gaugesA[0].levels(32, 0, 5 + second, 0);
            gaugesB[0].levels(31, 1, 4, second % 3);
            collector.sample(second * SECOND, (second + 1) * SECOND, "main", false, OptionalDouble.empty(), null);
        }
        return result(plan, collector, 10 * SECOND, 10 * SECOND + 250 * MS);
    }

    /**
     * Two targets for 1 s: api's two requests failed as a {@code protocol} error (described with a control
     * character) and as an {@code other} one; cdn's one request got a 200, and cdn described a {@code tls}
     * error that no request failed with (a connect that failed and was dialled again with success).
     */
    static RunResult describedErrors() {
        ConnectionSettings settings = ConnectionSettings.defaults();
        Plan plan = new Plan(
                List.of(
                        new Target("api", "http", "127.0.0.1", 8080, settings),
                        new Target("cdn", "http", "127.0.0.1", 8081, settings)),
                List.of(RequestSpec.get("a", "api", "/"), RequestSpec.get("b", "cdn", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                1);
        Collector collector = new Collector(2, 2);
        RequestRecorder[] loop = collector.newLoopRecorders();
        loop[0].recordScheduled(0, 0);
        loop[0].recordSent(40);
        loop[0].recordFailure(ErrorKind.PROTOCOL, 0, 0, MS, 16);
        loop[0].recordScheduled(MS, MS);
        loop[0].recordSent(40);
        loop[0].recordFailure(ErrorKind.OTHER, MS, MS, 2 * MS, 0);
        loop[1].recordScheduled(0, 0);
        loop[1].recordSent(40);
        loop[1].recordResponse(200, true, 0, 0, MS, 60);
        collector.sample(0, SECOND, "main", false, OptionalDouble.empty(), null);
        return SampleResults.copy(result(plan, collector, SECOND, SECOND))
                .firstErrors(List.of(
                        // Given in no particular order: reports list kinds in their order.
                        Map.of(
                                ErrorKind.OTHER,
                                "something nobody expected",
                                ErrorKind.PROTOCOL,
                                "not an HTTP/1.x status line \u001b[2J"),
                        Map.of(ErrorKind.TLS, "PKIX path building failed")))
                .build();
    }

    /**
     * {@link SampleResults#typical()} with a target, api, that sent bytes beyond its responses: gale closed 22 of its
     * connections for them, and kept how the first looked.
     */
    static RunResult extraBytes() {
        RunResult typical = SampleResults.typical();
        return SampleResults.copy(typical)
                .targets(List.of(
                        new PoolLevels(24, 0, 0, 0, 24, 0, 22),
                        typical.targets().get(1)))
                .firstExtraBytes(List.of(
                        "44 bytes after a complete response, in the same read: \"HTTP/1.1 503 Busy\\r\\n...\"", ""))
                .build();
    }

    /**
     * The uninterrupted run of {@code plan} whose intervals {@code collector} sampled, started 2026-01-02
     * 03:04:05.123 UTC ({@link SampleResults#STARTED}) on two epoll threads: the way to make a result of a
     * collector's intervals, for any test of this package.
     */
    static RunResult result(Plan plan, Collector collector, long measuredNanos, long totalNanos) {
        return new RunResult(
                plan,
                SampleResults.STARTED,
                measuredNanos,
                totalNanos,
                false,
                collector.measuredTotals(),
                collector.warmupTotals(),
                collector.levels(),
                collector.timeline(),
                new RunResult.Generator("0.1.0-test", 2, "epoll", null, "25.0.1+8-LTS", 2));
    }

    /**
     * One URL at 100 req/s for 2 s in which no request got a response: 200 scheduled, every other one refused
     * at connect, the rest reset after they were sent. No response time was recorded.
     */
    static RunResult noResponses() {
        Target target = new Target("127.0.0.1:8080", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", target.name(), "/")),
                List.of(new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(2), 0, false)),
                2);
        Collector collector = new Collector(1, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        PoolGauges[] gauges = collector.newLoopGauges();
        for (int second = 0; second < 2; second++) {
            for (int j = 0; j < 100; j++) {
                long intended = (second * 100 + j) * 10 * MS;
                loop[0].recordScheduled(intended, intended);
                if (j % 2 == 0) {
                    loop[0].recordFailure(ErrorKind.CONNECT_REFUSED, intended, 0, intended + MS, 0);
                } else {
                    loop[0].recordSent(80);
                    loop[0].recordFailure(ErrorKind.RESET, intended, intended, intended + 2 * MS, 0);
                }
            }
            gauges[0].connectFailed();
            gauges[0].levels(0, 0, 0, 0);
            collector.sample(second * SECOND, (second + 1) * SECOND, "main", false, OptionalDouble.empty(), null);
        }
        return result(plan, collector, 2 * SECOND, 2 * SECOND + 5 * MS);
    }

    /**
     * Two requests, 3:1, at 1,000 req/s for 4 s, and gale itself stalled from 1.8 s to 2.72 s: the loops took
     * 800 arrivals in the interval the stall ended at 2.72 s, and the 920 due meanwhile in the next, with the
     * 280 of its own. Offered is the plan's, as a run computes it ({@link OfferedLoad}); every request answered.
     */
    static RunResult stalled() {
        Target target = new Target("127.0.0.1:8080", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        RequestSpec a = new RequestSpec("a", target.name(), "GET", "/a", List.of(), null, StatusSet.SUCCESS, 3, 0);
        RequestSpec b = new RequestSpec("b", target.name(), "GET", "/b", List.of(), null, StatusSet.SUCCESS, 1, 0);
        Plan plan = new Plan(
                List.of(target),
                List.of(a, b),
                List.of(new Phase("main", LoadModel.Open.constant(1000), Duration.ofSeconds(4), 0, false)),
                2);
        OfferedLoad offered = OfferedLoad.of(plan);
        Collector collector = new Collector(2, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        long[] ends = {SECOND, 2720 * MS, 3 * SECOND, 4 * SECOND};
        long[] taken = {1000, 1800, 3000, 4000}; // arrivals the loops had taken by each end
        long start = 0;
        int next = 0;
        for (int k = 0; k < ends.length; k++) {
            for (; next < taken[k]; next++) {
                long intended = next * MS;
                long sent = Math.max(intended, start);
                RequestRecorder r = loop[next % 4 == 3 ? 1 : 0];
                r.recordScheduled(intended, sent);
                r.recordSent(80);
                r.recordResponse(200, true, intended, sent, sent + MS, 160);
            }
            collector.sample(start, ends[k], "main", false, offered.between(start, ends[k]), new double[] {0.75, 0.25});
            start = ends[k];
        }
        return result(plan, collector, 4 * SECOND, 4 * SECOND + 5 * MS);
    }

    /**
     * One URL at 1,000 req/s whose server answered in some rows of the timeline only, as one frozen by {@code
     * kill -STOP} does: the rows end at {@code endsMillis}, and in a row whose {@code answered} is false no
     * response came (the requests sent meanwhile never are answered). An answered row's responses take 10 ms
     * (half of them), 20, 40 and 80 ms, and the last 160 ms, times {@code slowdown}, so that its p50, p90, p99
     * and max differ.
     */
    static RunResult answeredIn(long[] endsMillis, boolean[] answered, long slowdown) {
        Target target = new Target("127.0.0.1:8080", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        long lastEnd = endsMillis[endsMillis.length - 1] * MS;
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("GET /", target.name(), "/")),
                List.of(new Phase(
                        "main",
                        LoadModel.Open.constant(1000),
                        Duration.ofSeconds((lastEnd + SECOND - 1) / SECOND),
                        0,
                        false)),
                2);
        Collector collector = new Collector(1, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        long start = 0;
        for (int row = 0; row < endsMillis.length; row++) {
            long end = endsMillis[row] * MS;
            int n = (int) ((end - start) / MS);
            for (int k = 0; k < n; k++) {
                long intended = start + k * MS;
                loop[0].recordScheduled(intended, intended);
                loop[0].recordSent(40);
                if (answered[row]) {
                    double q = (double) k / n;
                    long millis = q < 0.5 ? 10 : q < 0.9 ? 20 : q < 0.99 ? 40 : k < n - 1 ? 80 : 160;
                    long done = intended + millis * slowdown * MS;
                    loop[0].recordResponse(200, true, intended, intended, done, 100);
                }
            }
            collector.sample(start, end, "main", false, OptionalDouble.of(n), new double[] {1.0});
            start = end;
        }
        return result(plan, collector, lastEnd, lastEnd);
    }

    /** {@link #answeredIn}: ten seconds, the server frozen from 3 s to 6 s and from 8 s to the end. */
    static RunResult frozenTwice() {
        return answeredIn(
                new long[] {1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000},
                new boolean[] {true, true, true, false, false, false, true, true, false, false},
                1);
    }

    /**
     * {@link #answeredIn}: the server frozen from 4 s to 5 s, and the run stopped (Ctrl-C) at 5.327 s, which
     * leaves a short last row with responses after an empty one.
     */
    static RunResult stoppedAfterAFreeze() {
        return answeredIn(
                new long[] {1000, 2000, 3000, 4000, 5000, 5327},
                new boolean[] {true, true, true, true, false, true},
                1);
    }

    /**
     * Two requests, 1:1, at 100 req/s: a 2 s warm-up, 2 s measured and a 1 s warm-up after them (a cool-down),
     * each request counted in the interval of the moment it was issued or ended, as in a run. The server takes
     * 300 ms in the warm-up, 200 ms in the measured phase's last 150 ms, else 2 to 2.6 ms (5 ms in the cool-down):
     * the warm-up's last 29 requests (one a 503) are answered in the first measured interval, the measured
     * phase's last 15 (one a 503) in the cool-down's. The collector cuts 50 us after each second, so the first
     * request of the measured phase and of the cool-down, issued 20 us after its intended start, is issued in the
     * interval before.
     */
    static RunResult lateWarmUp() {
        return lateWarmUpRun().result();
    }

    /** The snapshots {@link #lateWarmUp()} is made of, in the order a run would deliver them. */
    static List<IntervalSnapshot> lateWarmUpSnapshots() {
        return lateWarmUpRun().snapshots();
    }

    private record Built(RunResult result, List<IntervalSnapshot> snapshots) {}

    private static Built lateWarmUpRun() {
        Target target = new Target("127.0.0.1:8080", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("x", target.name(), "/x"), RequestSpec.get("y", target.name(), "/y")),
                List.of(
                        new Phase("warm-up", LoadModel.Open.constant(100), Duration.ofSeconds(2), 0, true),
                        new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(2), 0, false),
                        new Phase("cool-down", LoadModel.Open.constant(100), Duration.ofSeconds(1), 0, true)),
                2);
        OfferedLoad offered = OfferedLoad.of(plan);
        Collector collector = new Collector(2, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        PoolGauges[] gauges = collector.newLoopGauges();
        // Each request's issue and answer, by time: {time, 0 issued / 1 answered, arrival}.
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long intended = i * 10 * MS;
            long sent = intended + 20_000;
            long service = intended < 2 * SECOND
                    ? 300 * MS
                    : intended >= 4 * SECOND ? 5 * MS : intended >= 3850 * MS ? 200 * MS : 2 * MS + (i % 7) * 100_000L;
            events.add(new long[] {sent, 0, i});
            events.add(new long[] {sent + service, 1, i});
        }
        events.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1]));
        List<IntervalSnapshot> snapshots = new ArrayList<>();
        String[] phases = {"warm-up", "warm-up", "main", "main", "cool-down"};
        long start = 0;
        int next = 0;
        for (int k = 0; k < phases.length; k++) {
            long end = (k + 1) * SECOND + 50_000;
            for (; next < events.size() && events.get(next)[0] < end; next++) {
                long[] e = events.get(next);
                int i = (int) e[2];
                long intended = i * 10 * MS;
                boolean warmup = intended < 2 * SECOND || intended >= 4 * SECOND;
                RequestRecorder r = loop[(warmup ? 2 : 0) + i % 2];
                if (e[1] == 0) {
                    r.recordScheduled(intended, e[0]);
                    r.recordSent(40);
                } else {
                    int status = i == 195 || i == 390 ? 503 : 200;
                    r.recordResponse(status, status == 200, intended, intended + 20_000, e[0], 100);
                }
            }
            gauges[0].levels(32, 0, k, 0);
            // A copy, as a listener keeping a snapshot past the next interval makes: the collector fills its stats
            // again.
            snapshots.add(collector
                    .sample(
                            start,
                            end,
                            phases[k],
                            !phases[k].equals("main"),
                            offered.between(start, end),
                            new double[] {0.5, 0.5})
                    .copy());
            start = end;
        }
        RunResult result = result(plan, collector, 2 * SECOND, 5 * SECOND + 50_000);
        return new Built(result, snapshots);
    }

    /**
     * Two targets, two weighted requests (one a POST with headers and a body), a warm-up phase, a closed ramp
     * and an open ramp; interrupted half way through the last phase.
     */
    static RunResult multiPhase() {
        ConnectionSettings fast =
                ConnectionSettings.defaults().withMaxConnections(16).withQueueCapacity(100);
        ConnectionSettings slow = ConnectionSettings.defaults()
                .withMaxConnections(4)
                .withKeepAlive(false)
                .withReadTimeout(Duration.ofMillis(1500))
                .withCooldown(Duration.ZERO)
                .withInsecure(true);
        Target api = new Target("api", "http", "::1", 8080, fast);
        Target auth = new Target("auth", "https", "auth.test", 443, slow);
        RequestSpec search = new RequestSpec(
                "search", "api", "GET", "/search?q=gale", List.of(), null, StatusSet.parse("2xx,404"), 3, 0);
        RequestSpec login = new RequestSpec(
                "login",
                "auth",
                "POST",
                "/login",
                List.of(new Header("Content-Type", "application/json"), new Header("X-Trace", "a:b")),
                "{\"user\":\"é\"}".getBytes(StandardCharsets.UTF_8),
                StatusSet.range(200, 204),
                1,
                2);
        Plan plan = new Plan(
                List.of(api, auth),
                List.of(search, login),
                List.of(
                        new Phase("warm", LoadModel.Closed.connections(4), Duration.ofSeconds(2), 0, true),
                        new Phase("users", new LoadModel.Closed(1, 8), Duration.ofSeconds(3), 5000, false),
                        new Phase(
                                "ramp",
                                new LoadModel.Open(100, 2500.5, LoadModel.Arrivals.POISSON, 7, 50),
                                Duration.ofMillis(2500),
                                0,
                                false)),
                4,
                List.of(),
                "login and search");

        Collector collector = new Collector(2, 2);
        RequestRecorder[] loop = collector.newLoopRecorders();
        PoolGauges[] gauges = collector.newLoopGauges();
        String[] phases = {"warm", "warm", "users", "users", "users", "ramp", "ramp"};
        for (int second = 0; second < phases.length; second++) {
            boolean warmup = phases[second].equals("warm");
            for (int j = 0; j < 300 * (second + 1); j++) {
                int request = j % 4 == 3 ? 1 : 0;
                RequestRecorder r = loop[(warmup ? 2 : 0) + request];
                long intended = second * SECOND + j * 3 * MS / (second + 1);
                long sent = intended + (j % 7) * 3_000L;
                r.recordScheduled(intended, sent);
                if (request == 0 && j % 97 == 5) {
                    r.recordDropped();
                    continue;
                }
                r.recordSent(request == 0 ? 64 : 210);
                long done = sent + (request == 0 ? 2 * MS : 30 * MS) + (j % 13) * 250_000L;
                if (request == 1 && j % 50 == 3) {
                    r.recordFailure(ErrorKind.TLS, intended, sent, done, 0);
                } else if (request == 0 && j % 61 == 0) {
                    r.recordFailure(ErrorKind.REQUEST_TIMEOUT, intended, sent, intended + 10 * SECOND, 40);
                } else {
                    int status = request == 0 ? (j % 9 == 0 ? 404 : 200) : (j % 11 == 0 ? 401 : 201);
                    boolean expected = request == 0 ? status < 500 : status < 300;
                    r.recordResponse(status, expected, intended, sent, done, request == 0 ? 512 : 48);
                }
            }
            gauges[0].levels(16, 0, second, 0);
            gauges[0].connected();
            gauges[1].levels(4, 1, 3, second);
            gauges[1].connectFailed();
            collector.sample(
                    second * SECOND, (second + 1) * SECOND, phases[second], warmup, OptionalDouble.empty(), null);
        }
        List<PoolLevels> levels = collector.levels();
        return new RunResult(
                plan,
                Instant.parse("2026-03-04T05:06:07Z"),
                5 * SECOND + 400 * MS,
                7 * SECOND,
                true,
                collector.measuredTotals(),
                collector.warmupTotals(),
                levels,
                collector.timeline(),
                new RunResult.Generator("0.1.0-test", 4, "nio", null, "21.0.5+11", 8));
    }
}
