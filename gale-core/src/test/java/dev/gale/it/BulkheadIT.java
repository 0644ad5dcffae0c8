package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Bulkheads: two targets in one plan, one of them stalled (it accepts connections and never answers),
 * leave the other's throughput and latency as they are when it runs alone. The stalled target can only
 * fill its own connections and wait queue; its requests time out or are dropped, and are counted there.
 */
class BulkheadIT {
    static final double RATE = 1000;
    static final Duration LENGTH = Duration.ofSeconds(3);

    static Target target(String name, GaleServer s, int maxConnections, Duration timeout, int queue) {
        return new Target(
                name,
                "http",
                s.host(),
                s.port(),
                ConnectionSettings.defaults()
                        .withMaxConnections(maxConnections)
                        .withRequestTimeout(timeout)
                        .withReadTimeout(timeout)
                        .withQueueCapacity(queue));
    }

    static Plan plan(List<Target> targets, List<RequestSpec> requests, double rate) {
        return new Plan(
                targets, requests, List.of(new Phase("main", LoadModel.Open.constant(rate), LENGTH, 0, false)), 2);
    }

    @Test
    void aStalledTargetLeavesTheOtherTargetsThroughputAndLatencyUnaffected() throws Exception {
        try (GaleServer healthy = GaleServer.start(ServeOptions.defaults());
                GaleServer stalled = GaleServer.start(ServeOptions.defaults())) {
            Target a = target("healthy", healthy, 16, Duration.ofSeconds(2), 10_000);
            Target b = target("stalled", stalled, 8, Duration.ofMillis(500), 64);
            RequestSpec toA = RequestSpec.get("a", "healthy", "/");
            RequestSpec toB = RequestSpec.get("b", "stalled", "/?fault=hang");

            List<String> report = new ArrayList<>();
            boolean ok = false;
            // A shared, busy machine adds noise to both runs alike; a real bulkhead leak (the stalled target
            // taking connections, queue slots or loop time) fails every attempt.
            for (int attempt = 1; attempt <= 3 && !ok; attempt++) {
                RunResult alone = Runs.run(plan(List.of(a), List.of(toA), RATE));
                RunResult both = Runs.run(plan(List.of(a, b), List.of(toA, toB), 2 * RATE));
                Stats aAlone = alone.requests().get(0);
                Stats aBoth = both.requests().get(0);
                Stats bBoth = both.requests().get(1);
                Latency la = Latency.of(aAlone.responseTime());
                Latency lb = Latency.of(aBoth.responseTime());
                double rateAlone = aAlone.responses() / alone.measuredSeconds();
                double rateBoth = aBoth.responses() / both.measuredSeconds();
                report.add(String.format(
                        Locale.ROOT,
                        "attempt %d: healthy alone %.1f req/s p50 %.2f ms p99 %.2f ms errors %d;"
                                + " with a stalled neighbour %.1f req/s p50 %.2f ms p99 %.2f ms errors %d;"
                                + " stalled target: %d responses, errors %s, dropped %d",
                        attempt,
                        rateAlone,
                        la.p50(),
                        la.p99(),
                        aAlone.errors(),
                        rateBoth,
                        lb.p50(),
                        lb.p99(),
                        aBoth.errors(),
                        bBoth.responses(),
                        bBoth.errorCounts(),
                        bBoth.dropped()));
                // The stalled target really was stalled: nothing answered, everything failed or was dropped.
                assertThat(bBoth.responses()).isZero();
                assertThat(bBoth.errors() + bBoth.dropped()).isEqualTo(bBoth.scheduled());
                ok = aBoth.errors() == 0
                        && aBoth.dropped() == 0
                        && Math.abs(rateBoth - rateAlone) <= 0.01 * rateAlone
                        && lb.p50() <= la.p50() * 1.5 + 0.5
                        && lb.p99() <= la.p99() * 2 + 5;
            }
            report.forEach(System.out::println);
            assertThat(ok).as(String.join("\n", report)).isTrue();
        }
    }
}
