package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Plan#usersWithinRequestLimits()}: a closed phase runs no more users than it has requests to send, and
 * its targets, its warm-up and so its event loops follow; everything else stays as the plan says.
 */
class UsersWithinRequestLimitsTest {
    private static final RequestSpec GET = RequestSpec.get("home", "api", "/");

    private static Target target(int maxConnections) {
        return new Target(
                "api", "http", "127.0.0.1", 8080, ConnectionSettings.defaults().withMaxConnections(maxConnections));
    }

    private static Phase closed(String name, int from, int to, Duration d, long requests) {
        return new Phase(name, new LoadModel.Closed(from, to), d, requests, false);
    }

    private static Plan plan(int maxConnections, Phase... phases) {
        return new Plan(List.of(target(maxConnections)), List.of(GET), List.of(phases), 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the run                          | users from, to | duration s | limit | users then   | target's max
            # Each user sends a request at once: 63 of them would open a connection for nothing.
            -n 1 -c 64                         | 64 | 64 |    | 1   | 1  | 1  | 1
            -n 10 -c 64 -d 10s: first of both  | 64 | 64 | 10 | 10  | 10 | 10 | 10
            -d 10s -c 64: no limit             | 64 | 64 | 10 | 0   | 64 | 64 | 64
            -n 64 -c 64: every user has one    | 64 | 64 |    | 64  | 64 | 64 | 64
            -n 100 -c 64                       | 64 | 64 |    | 100 | 64 | 64 | 64
            # Above the limit all along: the limit all along, exactly what the ramp left to do.
            a ramp down above the limit        | 100 | 64 | 10 | 10 | 10 | 10 | 10
            # Users below the limit at some instant have requests to send then: the ramp stays.
            a ramp up through the limit        | 10 | 100 | 10 | 50 | 10 | 100 | 100
            a ramp down through the limit      | 100 | 10 | 10 | 50 | 100 | 10 | 100
            """)
    void aClosedPhaseRunsNoMoreUsersThanItHasRequests(
            String run, int from, int to, Long seconds, long limit, int thenFrom, int thenTo, int maxConnections) {
        Duration d = seconds == null ? null : Duration.ofSeconds(seconds);
        Plan asked = plan(Math.max(from, to), closed("main", from, to, d, limit));

        Plan cut = asked.usersWithinRequestLimits();

        assertThat(cut.phases())
                .as("the request limit and the duration stay")
                .containsExactly(closed("main", thenFrom, thenTo, d, limit));
        assertThat(cut.targets().get(0).connections().maxConnections()).isEqualTo(maxConnections);
        assertThat(cut.validate()).isSameAs(cut);
        if (thenFrom == from && thenTo == to) {
            assertThat(cut).as("nothing to cut: the plan itself").isSameAs(asked);
        }
    }

    @Test
    void eachPhaseRunsTheUsersOfItsOwnLimit() {
        // 20 users for 3 requests in 2 s, then 64 for 5: 3 users, then 5, and 5 connections at most.
        Plan cut = plan(
                        64,
                        closed("few", 20, 20, Duration.ofSeconds(2), 3),
                        closed("probe", 64, 64, null, 5),
                        closed("rest", 8, 8, Duration.ofSeconds(1), 0))
                .usersWithinRequestLimits();

        assertThat(cut.phases())
                .containsExactly(
                        closed("few", 3, 3, Duration.ofSeconds(2), 3),
                        closed("probe", 5, 5, null, 5),
                        closed("rest", 8, 8, Duration.ofSeconds(1), 0));
        assertThat(cut.targets().get(0).connections().maxConnections()).isEqualTo(8);
    }

    @Test
    void aTargetWithFewerConnectionsThanTheUsersKeepsThem() {
        // A plan's max_connections: 3 under 64 users: 5 users wait for its 3 connections, as 64 did.
        Plan cut = plan(3, closed("main", 64, 64, null, 5)).usersWithinRequestLimits();

        assertThat(cut.phases().get(0).load()).isEqualTo(LoadModel.Closed.connections(5));
        assertThat(cut.targets().get(0).connections().maxConnections()).isEqualTo(3);
    }

    @Test
    void anOpenPhaseKeepsItsTargetsConnections() {
        // The open phase may use all 100; the probe after it needs 2 users.
        Phase open = new Phase("load", LoadModel.Open.constant(200), Duration.ofSeconds(1), 0, false);
        Plan cut = plan(100, open, closed("probe", 64, 64, null, 2)).usersWithinRequestLimits();

        assertThat(cut.phases()).containsExactly(open, closed("probe", 2, 2, null, 2));
        assertThat(cut.targets().get(0).connections().maxConnections()).isEqualTo(100);
    }

    @Test
    void theWarmUpOfThePhaseWarmsUpItsUsers() {
        // --warmup 2s -n 1 -c 64: the warm-up offers the load the phase starts with, now 1 user.
        Phase main = closed("main", 64, 64, null, 1);
        Plan asked = new Plan(
                List.of(target(64)),
                List.of(GET),
                List.of(Phase.warmupBefore(List.of(main), Duration.ofSeconds(2)), main),
                2);

        Plan cut = asked.usersWithinRequestLimits();

        assertThat(cut.phases())
                .containsExactly(
                        new Phase("warm-up", LoadModel.Closed.connections(1), Duration.ofSeconds(2), 0, true),
                        closed("main", 1, 1, null, 1));
        assertThat(cut.targets().get(0).connections().maxConnections()).isEqualTo(1);
    }

    @Test
    void aWarmUpOfAnotherLoadStaysAsThePlanSaysIt() {
        // A plan's own warm-up phase of 10 users warms up more than the phase's first load: it is the plan's.
        Phase warmup = new Phase("warm", LoadModel.Closed.connections(10), Duration.ofSeconds(2), 0, true);
        Plan cut = plan(64, warmup, closed("main", 64, 64, null, 1)).usersWithinRequestLimits();

        assertThat(cut.phases()).containsExactly(warmup, closed("main", 1, 1, null, 1));
        assertThat(cut.targets().get(0).connections().maxConnections()).isEqualTo(10);
    }

    @Test
    void everyTargetGetsNoMoreConnectionsThanTheUsers() {
        Target api = target(64);
        Target other = new Target(
                "other",
                "http",
                "127.0.0.1",
                8081,
                ConnectionSettings.defaults().withMaxConnections(2));
        Plan asked = new Plan(
                List.of(api, other),
                List.of(GET, RequestSpec.get("other", "other", "/")),
                List.of(closed("main", 64, 64, null, 4)),
                2);

        Plan cut = asked.usersWithinRequestLimits();

        assertThat(cut.targets())
                .extracting(t -> t.connections().maxConnections())
                .containsExactly(4, 2);
        assertThat(cut.targets().get(0))
                .usingRecursiveComparison()
                .ignoringFields("connections.maxConnections")
                .isEqualTo(api);
    }
}
