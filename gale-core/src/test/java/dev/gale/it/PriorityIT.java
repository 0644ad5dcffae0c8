package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Priorities: when a target has fewer connections than the load needs, requests of the higher priority
 * wait less for a connection, and the longer wait of the others is measured (from the intended start).
 */
class PriorityIT {

    @Test
    void higherPrioritiesWaitLessWhenConnectionsRunShort() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            // 2 connections and 10 ms per response: at most ~200 req/s; 300 req/s are offered.
            Target t = new Target(
                    "t",
                    "http",
                    server.host(),
                    server.port(),
                    ConnectionSettings.defaults()
                            .withMaxConnections(2)
                            .withAcquireTimeout(Duration.ofSeconds(10))
                            .withRequestTimeout(Duration.ofSeconds(10))
                            .withReadTimeout(Duration.ofSeconds(10)));
            RequestSpec high = new RequestSpec(
                    "high", "t", "GET", "/?delay=10ms", List.of(), new byte[0], StatusSet.SUCCESS, 1, 10);
            RequestSpec low = new RequestSpec(
                    "low", "t", "GET", "/?delay=10ms&low", List.of(), new byte[0], StatusSet.SUCCESS, 1, 0);
            Plan plan = new Plan(
                    List.of(t),
                    List.of(high, low),
                    List.of(new Phase("main", LoadModel.Open.constant(300), Duration.ofSeconds(2), 0, false)),
                    1);
            RunResult r = Runs.run(plan);
            Latency h = Latency.of(r.requests().get(0).responseTime());
            Latency l = Latency.of(r.requests().get(1).responseTime());
            System.out.printf(
                    "priority: high p50 %.1f ms p99 %.1f ms (%d); low p50 %.1f ms p99 %.1f ms (%d)%n",
                    h.p50(), h.p99(), h.count(), l.p50(), l.p99(), l.count());
            assertThat(r.total().errors()).isZero();
            // The high priority is served as if the low one were not there (150 req/s of 200), the low one
            // takes the whole backlog: its wait grows over the run.
            assertThat(l.p50()).isGreaterThan(h.p50() * 3);
            assertThat(l.max()).isGreaterThan(h.max());
        }
    }

    @Test
    void withBurstControlEveryArrivalIsStillSentAndMeasured() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Target t = new Target(
                    "t",
                    "http",
                    server.host(),
                    server.port(),
                    ConnectionSettings.defaults().withMaxConnections(16));
            RequestSpec a = new RequestSpec("a", "t", "GET", "/", List.of(), new byte[0], StatusSet.SUCCESS, 1, 1);
            RequestSpec b = new RequestSpec("b", "t", "GET", "/b", List.of(), new byte[0], StatusSet.SUCCESS, 1, 0);
            Plan plan = new Plan(
                    List.of(t),
                    List.of(a, b),
                    List.of(new Phase(
                            "main",
                            new LoadModel.Open(1000, 1000, LoadModel.Arrivals.POISSON, 5, 4),
                            Duration.ofSeconds(2),
                            0,
                            false)),
                    2);
            RunResult r = Runs.run(plan);
            long expected = 0;
            for (int stripe = 0; stripe < 2; stripe++) {
                dev.gale.schedule.FireTimes f = dev.gale.schedule.FireTimes.of(
                        (LoadModel.Open) plan.phases().get(0).load(), 2_000_000_000L, 0, stripe, 2);
                while (f.next() != dev.gale.schedule.FireTimes.END) {
                    expected++;
                }
            }
            assertThat(r.total().scheduled()).isEqualTo(expected);
            assertThat(r.total().responses()).isEqualTo(expected);
            assertThat(r.total().errors()).isZero();
        }
    }
}
