package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gale.engine.Run;
import dev.gale.engine.RunListener;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.TimelinePoint;
import dev.gale.schedule.OfferedLoad;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs at the edges of phases and pools: fewer users than event loops, users carried from one closed phase
 * into the next, a pool without a wait queue, the final pool figures after a stop, and a stop before the clock
 * started.
 */
class PhaseAndPoolEdgesIT {
    private GaleServer server;

    /** A plan of {@code request} to the built-in server (target {@code t}) over {@code phases}, on two loops. */
    private Plan plan(RequestSpec request, Phase... phases) {
        Target target = new Target("t", "http", server.host(), server.port(), ConnectionSettings.defaults());
        return new Plan(List.of(target), List.of(request), List.of(phases), 2);
    }

    @BeforeEach
    void startServer() throws InterruptedException {
        server = GaleServer.start(ServeOptions.defaults());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aStopWhileWaitingForTheLastResponsesEndsTheRunAfterTheGrace() throws Exception {
        // The plan ends at 1 s with requests out for 50 s and a 60 s timeout: gale waits for them. A stop 1 s
        // into that wait was ignored until the timeouts, past which the signal's own wait gave up on the outputs.
        Run run = Run.start(
                Plans.url(server.baseUrl() + "/?delay=50s")
                        .open(4)
                        .duration(Duration.ofSeconds(1))
                        .settings(c ->
                                c.withRequestTimeout(Duration.ofSeconds(60)).withReadTimeout(Duration.ofSeconds(60)))
                        .build(),
                RunListener.NONE);
        Thread.sleep(2_000);
        long stoppedAt = System.nanoTime();
        run.stop();
        RunResult r = run.await(Duration.ofSeconds(30));

        assertThat(r).as("ended within the 30 s this test waits").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.interrupted()).isTrue();
        assertThat(r.total().cancelled()).as(Runs.describe(r)).isEqualTo(4);
    }

    @Test
    void theRunEndsWithItsLastResponseNotWhenTheSamplerHasShutDown() throws Exception {
        // A sampler held up (a busy machine; here a listener that takes 600 ms over the row at 1 s) delayed the
        // run's end until it shut down: a 1.2 s run with nothing outstanding read "ended 0.4s after the planned
        // 1.20s, waiting for the last responses".
        RunListener slowRows = new RunListener() {
            @Override
            public void onInterval(IntervalSnapshot snapshot) {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Duration planned = Duration.ofMillis(1_200);

        RunResult r = Runs.run(
                Plans.url(server.baseUrl() + "/").open(50).duration(planned).build(), slowRows);

        assertThat(r.total().responses()).isEqualTo(60);
        assertThat(Duration.ofNanos(r.totalNanos()))
                .as("the run's end, with its last response due at 1.18 s")
                .isLessThan(planned.plusMillis(100));
        assertThat(r.timeline().getLast().endSeconds())
                .as("the timeline's last row ends with the run")
                .isEqualTo(r.totalNanos() / 1e9, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aRunThatFailsToStartGivesBackItsLoopsAndItsLargeRequests() throws Exception {
        // Interrupted while its connections are asked to open: the run never starts. Its loops kept running, with
        // their connections, and the direct memory of its large request stayed taken, for as long as the JVM lived.
        Plan plan = Plans.url(server.baseUrl() + "/")
                .closed(2)
                .requests(10)
                .post(new byte[256 * 1024])
                .build();
        Set<Thread> loopsBefore = loopThreads();
        long directBefore = UnpooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Run.start(plan, RunListener.NONE)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!loopsBefore.containsAll(loopThreads())
                        || UnpooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() != directBefore)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(loopThreads()).as("the run's event loops").isSubsetOf(loopsBefore);
        assertThat(UnpooledByteBufAllocator.DEFAULT.metric().usedDirectMemory())
                .as("direct memory in use")
                .isEqualTo(directBefore);
    }

    private static Set<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gale-loop") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void aStallOfGaleAcrossTheWarmupsEndCountsEachKindsArrivalsWithThatKind() throws Exception {
        // A listener that takes 800 ms over the row at 1 s holds the sampler past the warm-up's end at 1.5 s: the
        // next row runs from 1 s to about 1.8 s, a warm-up row by its midpoint. The 30 or so measured arrivals
        // due in it were counted in its offered, so the measured rows offered 170 against the summary's 200.
        AtomicBoolean held = new AtomicBoolean();
        RunListener slowFirstRow = new RunListener() {
            @Override
            public void onInterval(IntervalSnapshot snapshot) {
                if (!held.getAndSet(true)) {
                    try {
                        Thread.sleep(800);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Plan plan = plan(
                RequestSpec.get("get", "t", "/"),
                new Phase("warm", LoadModel.Open.constant(100), Duration.ofMillis(1_500), 0, true),
                new Phase("main", LoadModel.Open.constant(100), Duration.ofSeconds(2), 0, false));

        RunResult r = Runs.run(plan, slowFirstRow);

        assertThat(r.timeline())
                .as("a row spans the warm-up's end: " + Runs.describe(r))
                .anyMatch(t -> t.startSeconds() < 1.5 && t.endSeconds() > 1.6);
        assertThat(r.total().scheduled()).isEqualTo(200);
        assertThat(offeredOfKind(r, false))
                .as("the measured rows' offered, as the summary's")
                .isEqualTo(200);
        assertThat(offeredOfKind(r, true)).as("the warm-up rows' offered").isEqualTo(150);
    }

    @Test
    void closedModelUsersAfterAWarmupHaveEveryRequestTheyIssueInTheLoadOffered() throws Exception {
        // Their first requests go out at the warm-up's end, often just before its last row is cut: that row's
        // measured requests had 0 offered, and the measured rows offered up to the users' number fewer than they
        // issued.
        Plan plan = plan(
                RequestSpec.get("get", "t", "/?delay=2ms"),
                new Phase("warm", LoadModel.Closed.connections(8), Duration.ofSeconds(1), 0, true),
                new Phase("main", LoadModel.Closed.connections(8), Duration.ofSeconds(2), 0, false));

        RunResult r = Runs.run(plan);

        assertThat(offeredOfKind(r, false))
                .as("the measured rows' offered: " + Runs.describe(r))
                .isEqualTo(r.total().scheduled());
        assertThat(offeredOfKind(r, true))
                .as("the warm-up rows' offered")
                .isEqualTo(r.warmupTotal().scheduled());
    }

    /** The load offered to one kind of requests over the timeline: its own rows' and the other rows' otherKind. */
    private static double offeredOfKind(RunResult r, boolean warmup) {
        double sum = 0;
        for (TimelinePoint t : r.timeline()) {
            sum += t.warmup() == warmup
                    ? t.offered()
                    : t.otherKind() == null ? 0 : t.otherKind().offered();
        }
        return sum;
    }

    @Test
    void aStopAfterTheRunHasEndedIsHarmless() throws Exception {
        // Ctrl-C while the reports are written: the shutdown hook stops a run whose event loops are gone. It
        // must return (the hook then waits for the reports), not throw from a loop that takes no more tasks.
        Run run = Run.start(
                Plans.url(server.baseUrl() + "/").closed(1).requests(20).build(), RunListener.NONE);
        RunResult r = run.await(Duration.ofSeconds(30));
        assertThat(r).isNotNull();
        Thread.sleep(1_000); // the loops shut down after the result is complete

        run.stop();

        // The stop returned, and left the finished run's result as it was.
        RunResult after = run.await(Duration.ofSeconds(1));
        assertThat(after).isSameAs(r);
        assertThat(after.interrupted()).isFalse();
    }

    @Test
    void aRequestBoundClosedRunEndsWhenSomeLoopsHaveNoUser() throws Exception {
        // One user, four connections allowed, two loops: the second loop has no user at all.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .closed(1)
                .maxConnections(4)
                .threads(2)
                .requests(100)
                .build());

        assertThat(r.total().responses()).isEqualTo(100);
        assertThat(r.measuredSeconds()).as("the run ends once the 100 are done").isLessThan(5);
        Runs.assertAccounted(r.total());
    }

    @Test
    void anOpenRunWithADurationAndARequestLimitEndsWhenTheRequestsAreSent() throws Exception {
        // gale run -R 1000 -n 200 -d 5s: the 200 are due within 0.2 s, so the limit comes first.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .open(1000)
                .requests(200)
                .duration(Duration.ofSeconds(5))
                .build());

        assertThat(r.total().responses()).isEqualTo(200);
        assertThat(r.measuredNanos())
                .as("measured for the 200 / 1000 s the schedule gives the 200 requests, as -n 200 alone, not to the"
                        + " end of --duration")
                .isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(r.offeredRate()).isEqualTo(1000.0);
        assertThat(r.achievedRate()).isEqualTo(1000.0);
        assertThat(r.totalNanos())
                .as("and the run ends then")
                .isLessThan(Duration.ofMillis(1500).toNanos());
        Runs.assertAccounted(r.total());
    }

    @Test
    void aClosedRunWithADurationAndARequestLimitEndsWhenTheRequestsAreSent() throws Exception {
        // gale run -c 2 --max-connections 3 -t 3 -n 200 -d 5s: one user on each of two loops, none on the third.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .closed(2)
                .maxConnections(3)
                .threads(3)
                .requests(200)
                .duration(Duration.ofSeconds(5))
                .build());

        assertThat(r.total().responses()).isEqualTo(200);
        assertThat(r.measuredSeconds())
                .as("measured until the last request was sent, not to the end of --duration")
                .isLessThan(1.5);
        Runs.assertAccounted(r.total());
    }

    @Test
    void whenTheDurationComesBeforeTheRequestLimitTheRunLastsExactlyItsDuration() throws Exception {
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .open(100)
                .requests(1_000_000)
                .duration(Duration.ofSeconds(1))
                .build());

        assertThat(r.total().scheduled()).isEqualTo(100);
        assertThat(r.measuredNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
        Runs.assertAccounted(r.total());
    }

    @ParameterizedTest(name = "a ramp of users from 2 to 10 over 1 s, limited to {1} requests of {2}, {0}")
    @CsvSource({
        // the budget is spent at about 0.1 s, long before the ramp's end; then 0.5 s more of 2 users
        "'then another phase', 50, /",
        // spent at about 0.65 s, with users still waiting for their 300 ms responses at the next ramp step
        "'as the last phase', 10, /?delay=300ms",
    })
    void aClosedRampWhoseRequestLimitIsSpentStartsNoMoreUsers(String shape, long limit, String path) throws Exception {
        // The ramp wants more users every 100 ms; with the budget spent, each one it started retired at once
        // and the loop started the next, forever, never reading a socket again.
        List<Phase> phases = new java.util.ArrayList<>();
        phases.add(new Phase("ramp", new LoadModel.Closed(2, 10), Duration.ofSeconds(1), limit, false));
        if (shape.equals("then another phase")) {
            phases.add(new Phase("after", LoadModel.Closed.connections(2), Duration.ofMillis(500), 0, false));
        }
        Run run = Run.start(plan(RequestSpec.get("r", "t", path), phases.toArray(Phase[]::new)), RunListener.NONE);

        RunResult r = run.await(Duration.ofSeconds(15));
        if (r == null) {
            run.stop(); // no help to a loop that never returns; the test fails either way
        }

        assertThat(r).as("the run ends").isNotNull();
        assertThat(r.requests().get(0).responses()).isGreaterThanOrEqualTo(limit);
        Runs.assertAccounted(r.total());
    }

    @Test
    void aClosedRampEndsAtItsRequestLimitThoughALoopHasNoUserYet() throws Exception {
        // Users ramp from 0 to 4 over 2 s on two loops: the first loop's user (from 0.25 s) does the 20 requests
        // at once; the second loop gets its first user only at 1 s, and nothing is left for it to do.
        Plan plan = plan(
                RequestSpec.get("r", "t", "/"),
                new Phase("ramp", new LoadModel.Closed(0, 4), Duration.ofSeconds(2), 20, false));

        RunResult r = Runs.run(plan);

        assertThat(r.total().responses()).isEqualTo(20);
        assertThat(r.measuredSeconds())
                .as("the run ends once the 20 are done, not when the ramp reaches the second loop")
                .isLessThan(0.8);
        Runs.assertAccounted(r.total());
    }

    @Test
    void closedModelUsersCarryIntoTheNextClosedPhaseInsteadOfDoublingUp() throws Exception {
        // Four users on four connections, each request taking 300 ms: the warm-up ends 100 ms into the users'
        // fourth round. Were the next phase to start four new users beside the four still in flight, these
        // would wait 200 ms for a connection, and their response times would be ~500 ms.
        Target target = new Target(
                "t",
                "http",
                server.host(),
                server.port(),
                ConnectionSettings.defaults().withMaxConnections(4));
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("slow", "t", "/?delay=300ms")),
                List.of(
                        new Phase("warm", LoadModel.Closed.connections(4), Duration.ofSeconds(1), 0, true),
                        new Phase("main", LoadModel.Closed.connections(4), Duration.ofSeconds(1), 0, false)),
                2);

        RunResult r = Runs.run(plan);

        Stats main = r.total();
        assertThat(main.responses()).isGreaterThanOrEqualTo(8);
        assertThat(main.responseTime().getMaxValue() / 1000.0)
                .as("no request of the measured phase waited for a warm-up user's connection")
                .isLessThan(400);
        assertThat(r.targets().get(0).connects())
                .as("no connection beyond the four users'")
                .isEqualTo(4);
        Runs.assertAccounted(main);
        Runs.assertAccounted(r.warmupTotal());
    }

    @Test
    void withoutAWaitQueueClosedConnectionsAreReplacedForTheNextRequests() throws Exception {
        // Each request closes its connection; with no queue a request finds a connection or is dropped.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .open(200)
                .duration(Duration.ofSeconds(2))
                .maxConnections(4)
                .settings(c -> c.withQueueCapacity(0).withKeepAlive(false))
                .build());

        Stats s = r.total();
        assertThat(s.scheduled()).isEqualTo(400);
        assertThat(s.responses()).as("connections keep being replaced").isGreaterThan(380);
        Runs.assertAccounted(s);
    }

    @Test
    void withoutAWaitQueueTheConnectionsClosedAtTheEndAreNotReplaced() throws Exception {
        // Kept-alive connections that never close during the run: the ones closed at its end stay closed.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .open(100)
                .duration(Duration.ofSeconds(1))
                .maxConnections(4)
                .settings(c -> c.withQueueCapacity(0))
                .build());

        assertThat(r.total().responses()).isEqualTo(100);
        assertThat(r.targets().get(0).connects()).as("dialled in all").isEqualTo(4);
        assertThat(r.targets().get(0).connecting()).as("dialling after the end").isZero();
    }

    @Test
    void closedModelUsersWithoutKeepAliveOrQueueEachGetANewConnectionForEveryRequest() throws Exception {
        // Each response closes the user's connection; the next request must dial a new one, not be dropped
        // because the closing connection still held the user's place in the pool.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .closed(4)
                .duration(Duration.ofSeconds(2))
                .settings(c -> c.withQueueCapacity(0).withKeepAlive(false))
                .build());

        Stats s = r.total();
        assertThat(s.dropped()).isZero();
        assertThat(s.errors()).isZero();
        assertThat(s.responses())
                .as("four users, a fresh loopback connection per request, for 2 s (397 on a machine with a load of 8)")
                .isGreaterThan(100);
        assertThat(r.targets().get(0).connects()).isGreaterThanOrEqualTo(s.responses());
        Runs.assertAccounted(s);
    }

    @Test
    void farBehindAnImpossibleRateResponsesStillFlow() throws Exception {
        // 100 million req/s cannot be sent: the loops are always behind, dropping what the wait queue cannot
        // hold. Responses must still be read between the batches of drops. When a batch handed the loop its
        // next batch as a plain task, Netty ran tasks for up to a second before looking at I/O again, and
        // each connection completed about one request per second.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .open(100_000_000)
                .duration(Duration.ofSeconds(2))
                .maxConnections(8)
                .build());

        Stats s = r.total();
        long duringSchedule = r.timeline().stream()
                .filter(p -> p.endSeconds() <= 2.0)
                .mapToLong(p -> p.total().responses())
                .sum();
        assertThat(duringSchedule)
                .as("responses in the first two seconds, far behind the schedule (%s)", Runs.describe(s))
                .isGreaterThan(1_000);
        assertThat(s.dropped()).isPositive();
        Runs.assertAccounted(s);
    }

    @Test
    void closedModelUsersOpenOneConnectionEachThoughTheLimitAllowsMore() throws Exception {
        // Ten users, up to 200 connections: as wrk -c 10, ten connections, not 200 opened ahead and left idle.
        RunResult r = Runs.run(Plans.url(server.baseUrl() + "/")
                .closed(10)
                .maxConnections(200)
                .duration(Duration.ofMillis(500))
                .build());

        assertThat(r.targets().get(0).connects()).isEqualTo(10);
        assertThat(r.total().responses()).isPositive();
        Runs.assertAccounted(r.total());
    }

    @Test
    void aRunStoppedWhileItsConnectionsOpenEndsAtOnceHavingSentNothing() throws Exception {
        // A listener whose accept queue is full: the kernel drops further SYNs, and connects hang for their
        // whole timeout. Ctrl-C then came before the clock started, and gale ended without a word.
        try (FullListener full = new FullListener()) {
            Plan plan = Plans.url("http://127.0.0.1:" + full.port() + "/")
                    .closed(2)
                    .duration(Duration.ofSeconds(5))
                    .settings(c -> c.withConnectTimeout(Duration.ofSeconds(30)))
                    .build();
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            long startNanos = System.nanoTime();
            Run run = Run.start(plan, new RunListener() {
                @Override
                public void onStart(java.time.Instant startedAt) {
                    heard.add("start");
                }

                @Override
                public void onInterval(dev.gale.record.IntervalSnapshot snapshot) {
                    heard.add("interval");
                }

                @Override
                public void onStop(long atNanos) {
                    heard.add("stop at " + atNanos);
                }
            });
            // Started, not waiting for the connections: the caller can show the run, and stop it.
            assertThat(System.nanoTime() - startNanos).isLessThan(TimeUnit.SECONDS.toNanos(5));
            Thread.sleep(300);
            assertThat(heard).as("no clock yet").isEmpty();
            run.stop();
            RunResult r = run.await(Duration.ofSeconds(5));

            assertThat(r)
                    .as("ended at once, not when the connect timeout ran out")
                    .isNotNull();
            assertThat(r.interrupted()).isTrue();
            assertThat(r.stoppedWhileConnecting()).isTrue();
            assertThat(r.timeline()).isEmpty();
            assertThat(r.measuredNanos()).isZero();
            assertThat(r.total().scheduled()).isZero();
            assertThat(r.targets().get(0).connecting()).isZero();
            assertThat(heard).containsExactly("start", "stop at 0");
        }
    }

    @Test
    void afterAStopThePoolFiguresShowEveryConnectionClosed() throws Exception {
        Plan plan = Plans.url(server.baseUrl() + "/?fault=hang")
                .open(50)
                .duration(Duration.ofSeconds(30))
                .maxConnections(8)
                .build();
        Run run = Run.start(plan, RunListener.NONE);
        Thread.sleep(1_000);
        run.stop();
        RunResult r = run.await(Duration.ofSeconds(20));

        assertThat(r).isNotNull();
        assertThat(r.interrupted()).isTrue();
        PoolLevels pool = r.targets().get(0);
        assertThat(pool.openConnections()).isZero();
        assertThat(pool.connecting()).isZero();
        assertThat(pool.inFlight()).isZero();
        Runs.assertAccounted(r.total());
    }

    @Test
    void afterAStopTheIntervalsOfferOnlyWhatWasDueBeforeIt() throws Exception {
        // Ctrl-C 1.3 s into 30 s at 1,000 req/s: the rest of the plan is not offered, so the live warning, which
        // reads the offered figure, does not count it as requests gale failed to issue.
        Plan plan = Plans.url(server.baseUrl() + "/")
                .open(1000)
                .duration(Duration.ofSeconds(30))
                .build();
        AtomicLong stoppedAtNanos = new AtomicLong(-1);
        Run run = Run.start(plan, new RunListener() {
            @Override
            public void onStop(long atNanos) {
                stoppedAtNanos.set(atNanos);
            }
        });
        Thread.sleep(1_300);
        run.stop();
        RunResult r = run.await(Duration.ofSeconds(20));

        assertThat(r).isNotNull();
        assertThat(r.interrupted()).isTrue();
        long at = stoppedAtNanos.get();
        assertThat(at).as("stopped at, ns").isBetween(TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(20));
        double offered =
                r.timeline().stream().mapToDouble(TimelinePoint::offered).sum();
        assertThat(offered)
                .as("offered in all, stopped at %d ns", at)
                .isEqualTo(OfferedLoad.of(plan).between(0, at).orElseThrow());
        // Arrivals due in the last 10 ms before the stop are timer slack, not lag, and count as no unsent one
        // (TextReportTest pins that rule). A shared 2-core machine can starve a loop for longer at the stop
        // instant, truthfully unsent then: at most a second's hundredth of this run's arrivals.
        assertThat(r.unsent())
                .as("gale was about on time: unsent arrivals of %s offered", offered)
                .isLessThanOrEqualTo(Math.round(offered / 100));
    }

    @Test
    void aStopSendsNoneOfTheRequestsStillWaitingForAConnection() throws Exception {
        // One connection, 100 ms per response, 100 arrivals per second: the queue grows by 90 a second. On a
        // stop the waiting requests are given up (cancelled); only those in flight may still complete.
        Plan plan = Plans.url(server.baseUrl() + "/?delay=100ms")
                .open(100)
                .duration(Duration.ofSeconds(30))
                .threads(1)
                .maxConnections(1)
                .settings(c -> c.withQueueCapacity(1_000).withAcquireTimeout(Duration.ofSeconds(20)))
                .build();
        // Stop once the queue is known to hold well over 100, rather than after a fixed sleep that a slow start
        // on a busy machine could leave short of it.
        java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
        Run run = Run.start(plan, new RunListener() {
            @Override
            public void onInterval(dev.gale.record.IntervalSnapshot s) {
                queued.set(s.pools().queued());
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (queued.get() < 120 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        run.stop();
        long seenAtStop = server.requests();
        RunResult r = run.await(Duration.ofSeconds(20));

        assertThat(r).isNotNull();
        Stats s = r.total();
        assertThat(server.requests() - seenAtStop)
                .as("requests the server received after the stop (%s)", Runs.describe(s))
                .isLessThanOrEqualTo(1);
        assertThat(s.errors(ErrorKind.CANCELLED)).as(Runs.describe(s)).isGreaterThan(100);
        assertThat(s.errors(ErrorKind.ACQUIRE_TIMEOUT)).isZero();
        Runs.assertAccounted(s);
    }

    @Test
    void aTimelineRowEndingAtAPhaseBoundaryHoldsNoneOfTheNextPhasesRequests() throws Exception {
        // 200 req/s for 1 s, then 5,000 req/s: the row of the first phase held 231 to 352 requests, because
        // the collector ended the loops' intervals one after another, milliseconds past the boundary, while
        // the second phase was already sending. A late sampler or loop on the shared machine can still move a
        // few requests either way, so each of up to three runs may pass.
        Plan plan = plan(
                RequestSpec.get("r", "t", "/"),
                new Phase("slow", LoadModel.Open.constant(200), Duration.ofSeconds(1), 0, false),
                new Phase("fast", LoadModel.Open.constant(5_000), Duration.ofSeconds(1), 0, false));
        // Within a few ms of the boundary either way (5,000 req/s is 5 requests a ms): the old code was 231-352.
        // An attempt outside the bounds, on either side, is retried; one inside passes.
        StringBuilder rows = new StringBuilder();
        boolean inside = false;
        for (int attempt = 1; attempt <= 3 && !inside; attempt++) {
            RunResult r = Runs.run(plan);
            long slow = r.timeline().stream()
                    .filter(p -> p.phase().equals("slow"))
                    .mapToLong(p -> p.total().scheduled())
                    .sum();
            rows.append(attempt).append(": ").append(slow).append(" in the rows of 'slow'; ");
            inside = slow >= 190 && slow <= 215;
            assertThat(r.total().scheduled()).isEqualTo(5_200);
        }
        assertThat(inside)
                .as("an attempt with 190..215 in the rows of 'slow': %s", rows)
                .isTrue();
    }
}
