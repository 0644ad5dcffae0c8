package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.RunResult;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request mix holds on every event loop, not only over the whole run: with two loops and a 1:1 mix of a
 * fast and a slow request, each loop's users and arrivals send both. Were the mix striped across the loops
 * like the arrivals, one loop would send only the fast request and the other only the slow one: a closed
 * model would then send far more fast requests than slow ones, and each request would have only its loop's
 * share of the target's connections.
 */
class RequestMixIT {
    private static final Duration LENGTH = Duration.ofSeconds(2);

    private static Plan plan(GaleServer server, LoadModel load, int maxConnections) {
        Target t = new Target(
                "t",
                "http",
                server.host(),
                server.port(),
                ConnectionSettings.defaults().withMaxConnections(maxConnections));
        List<RequestSpec> mix =
                List.of(RequestSpec.get("fast", "t", "/"), RequestSpec.get("slow", "t", "/?delay=10ms"));
        return new Plan(List.of(t), mix, List.of(new Phase("main", load, LENGTH, 0, false)), 2);
    }

    @Test
    void closedUsersOnEveryLoopSendTheWholeMixInItsProportions() throws Exception {
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            RunResult r = Runs.run(plan(server, LoadModel.Closed.connections(4), 4));

            long fast = r.requests().get(0).responses();
            long slow = r.requests().get(1).responses();
            // Each loop hands out fast, slow, fast, slow, ...: what one user still has in flight at the end is
            // all the two counts can differ by.
            assertThat(slow).as(Runs.describe(r)).isGreaterThan(50);
            assertThat(Math.abs(fast - slow)).as("fast %d, slow %d", fast, slow).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void theFirstRequestsOfAShortRunFollowTheMixAcrossTheLoops() throws Exception {
        // Eight loops, eight arrivals: each loop sends one, and they are the mix's first eight, four of each.
        // (Closed users share a request budget first come, first served: which loop sends how many is open.)
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            for (LoadModel load : List.of(LoadModel.Open.constant(100), LoadModel.Open.constant(1000))) {
                Plan p = plan(server, load, 8);
                Plan eight = new Plan(p.targets(), p.requests(), List.of(new Phase("main", load, null, 8, false)), 8);
                RunResult r = Runs.run(eight);

                assertThat(r.requests())
                        .as("%s: %s", load, Runs.describe(r))
                        .extracting(dev.gale.record.Stats::scheduled)
                        .containsExactly(4L, 4L);
            }
        }
    }

    @Test
    void smallWeightsAreSentInTheirShareOverWholePeriodsOfEachLoop() throws Exception {
        // Weights 1:2000:1000 at 5,000 req/s on two loops, 6,002 arrivals: each loop sends one period of 3,001
        // arrivals, so 1, 2,000 and 1,000 of them. A table of 1,000 slots gave the rare one a slot of its own:
        // 1 in 1,000, three times its weight.
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Target t = new Target("t", "http", server.host(), server.port(), ConnectionSettings.defaults());
            List<RequestSpec> mix = List.of(
                    RequestSpec.get("rare", "t", "/rare").withWeight(1),
                    RequestSpec.get("common", "t", "/common").withWeight(2000),
                    RequestSpec.get("other", "t", "/other").withWeight(1000));
            LoadModel load = LoadModel.Open.constant(5000);
            long before = server.requests();

            RunResult r = Runs.run(new Plan(List.of(t), mix, List.of(new Phase("main", load, null, 6002, false)), 2));

            assertThat(r.requests())
                    .as(Runs.describe(r))
                    .extracting(dev.gale.record.Stats::scheduled)
                    .containsExactly(2L, 4000L, 2000L);
            assertThat(r.requests())
                    .extracting(dev.gale.record.Stats::responses)
                    .containsExactly(2L, 4000L, 2000L);
            assertThat(server.requests() - before).isEqualTo(6002);
        }
    }

    @Test
    void theOrderGoesOnAcrossPhasesSoManyShortPhasesSendSmallWeightsTheirShare() throws Exception {
        // Weights 1:999 in ten phases of 500 arrivals on two loops: 5,000 arrivals, 5 of them the rare request.
        // Each phase started the order again, and no loop's 250 arrivals of a phase reached the rare one's place
        // (998 of 1,000): it was never sent.
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Target t = new Target("t", "http", server.host(), server.port(), ConnectionSettings.defaults());
            List<RequestSpec> mix = List.of(
                    RequestSpec.get("rare", "t", "/rare").withWeight(1),
                    RequestSpec.get("common", "t", "/common").withWeight(999));
            List<Phase> phases = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                phases.add(new Phase("p" + i, LoadModel.Open.constant(5000), null, 500, false));
            }

            RunResult r = Runs.run(new Plan(List.of(t), mix, phases, 2));

            long rare = r.requests().get(0).scheduled();
            assertThat(r.total().scheduled()).as(Runs.describe(r)).isEqualTo(5000);
            // Within two per loop of its share, as within one phase.
            assertThat(rare).as(Runs.describe(r)).isBetween(1L, 9L);
        }
    }
}
