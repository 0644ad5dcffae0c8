package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanDescriptionTest {
    private static Target target(String name, int port) {
        return new Target(name, "http", "127.0.0.1", port, ConnectionSettings.defaults());
    }

    private static Plan plan(List<Target> targets, List<RequestSpec> requests) {
        return new Plan(
                targets,
                requests,
                List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                1);
    }

    @Test
    void theSubjectNamesOneTargetByItsUrlAndCountsInTheSingularOrPlural() {
        Target api = target("api", 8080);
        Target web = target("web", 8081);
        RequestSpec home = RequestSpec.get("home", "api", "/");
        RequestSpec users = RequestSpec.get("users", "api", "/users");
        RequestSpec page = RequestSpec.get("page", "web", "/page");

        assertThat(PlanDescription.subject(plan(List.of(api), List.of(users))))
                .isEqualTo("http://127.0.0.1:8080/users");
        // "1 targets, 2 requests" before
        assertThat(PlanDescription.subject(plan(List.of(api), List.of(home, users))))
                .isEqualTo("http://127.0.0.1:8080, 2 requests");
        assertThat(PlanDescription.subject(plan(List.of(api, web), List.of(home, page))))
                .isEqualTo("2 targets, 2 requests");
        // A plan file's name comes first.
        assertThat(PlanDescription.subject(
                        plan(List.of(api, web), List.of(home, page)).withName("shop")))
                .isEqualTo("shop: 2 targets, 2 requests");
        assertThat(PlanDescription.subject(plan(List.of(api), List.of(users)).withName("users")))
                .isEqualTo("users: http://127.0.0.1:8080/users");
    }

    @Test
    void aWarmUpNamedSoIsNotSaidToBeOneTwice() {
        Target api = target("api", 8080);
        List<RequestSpec> one = List.of(RequestSpec.get("home", "api", "/"));
        Phase warmup = new Phase("warm-up", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, true);
        Phase warm = new Phase("warm", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, true);
        Phase main = new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(2), 0, false);
        Plan plan = new Plan(List.of(api), one, List.of(warmup, warm, main), 1);
        assertThat(PlanDescription.listed(plan, warmup)).isEqualTo("warm-up: open model, 10 req/s, 1s");
        assertThat(PlanDescription.listed(plan, warm)).isEqualTo("warm: open model, 10 req/s, 1s (warm-up)");
        assertThat(PlanDescription.listed(plan, main)).isEqualTo("main: open model, 10 req/s, 2s");
        assertThat(PlanDescription.listed(new Plan(List.of(api), one, List.of(main), 1), main))
                .isEqualTo("open model, 10 req/s, 2s");
    }

    @Test
    void theLoadIsTheMeasuredPhasesAfterTheWarmUp() {
        Target api = target("api", 8080);
        List<RequestSpec> one = List.of(RequestSpec.get("home", "api", "/"));
        Phase warmup = new Phase("warm-up", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, true);
        Phase main = new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(2), 0, false);
        Phase more = new Phase("more", LoadModel.Open.constant(20), Duration.ofSeconds(2), 0, false);
        assertThat(PlanDescription.load(new Plan(List.of(api), one, List.of(main), 1)))
                .isEqualTo("open model, 10 req/s, 2s");
        // "2 phases" before, counting the warm-up, which is not measured.
        assertThat(PlanDescription.load(new Plan(List.of(api), one, List.of(warmup, main), 1)))
                .isEqualTo("open model, 10 req/s, 2s, after a 1s warm-up");
        assertThat(PlanDescription.load(new Plan(List.of(api), one, List.of(warmup, main, more), 1)))
                .isEqualTo("2 phases, after a 1s warm-up");
        assertThat(PlanDescription.load(new Plan(List.of(api), one, List.of(main, more), 1)))
                .isEqualTo("2 phases");
        // A warm-up after or between measured phases (a cool-down) was described as "after a 1s warm-up".
        assertThat(PlanDescription.load(new Plan(List.of(api), one, List.of(main, warmup), 1)))
                .isEqualTo("open model, 10 req/s, 2s, with 1s of warm-up unmeasured");
        assertThat(PlanDescription.load(new Plan(List.of(api), one, List.of(main, warmup, more), 1)))
                .isEqualTo("2 phases, with 1s of warm-up unmeasured");
    }

    @Test
    void responseTimesAreFromTheIntendedStartOnlyWhereThereIsASchedule() {
        Target api = target("api", 8080);
        List<RequestSpec> one = List.of(RequestSpec.get("home", "api", "/"));
        Phase open = new Phase("open", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false);
        Phase closed = new Phase("closed", LoadModel.Closed.connections(8), Duration.ofSeconds(1), 0, false);
        assertThat(PlanDescription.responseTimeBasis(new Plan(List.of(api), one, List.of(open), 1)))
                .isEqualTo("from the intended start");
        // A closed-model user sends as its previous response arrives: a freeze of the server delays only the
        // requests in flight, which "from the intended start" hid.
        assertThat(PlanDescription.responseTimeBasis(new Plan(List.of(api), one, List.of(closed), 1)))
                .isEqualTo("closed model: from each send, so a stall delays only the requests in flight");
        assertThat(PlanDescription.responseTimeBasis(new Plan(List.of(api), one, List.of(closed, open), 1)))
                .isEqualTo("from the intended start; in closed phases, from each send");
    }

    @Test
    void onlyAnOpenModelsLatenciesAreSaidToBeCorrectedForCoordinatedOmission() {
        Target api = target("api", 8080);
        List<RequestSpec> one = List.of(RequestSpec.get("home", "api", "/"));
        Phase open = new Phase("open", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false);
        Phase closed = new Phase("closed", LoadModel.Closed.connections(8), Duration.ofSeconds(1), 0, false);
        Plan openPlan = new Plan(List.of(api), one, List.of(open), 1);
        Plan closedPlan = new Plan(List.of(api), one, List.of(closed), 1);
        Plan both = new Plan(List.of(api), one, List.of(closed, open), 1);
        assertThat(PlanDescription.responseTimeDefinition(openPlan)).isEqualTo("completion - intended start");
        assertThat(PlanDescription.responseTimeDefinition(closedPlan))
                .isEqualTo("completion - intended start, which in a closed model is the user's previous response: a"
                        + " wait for a connection counts, a stall of the server does not (no coordinated-omission"
                        + " correction)");
        assertThat(PlanDescription.responseTimeDefinition(both))
                .isEqualTo("completion - intended start; in closed phases, the user's previous response");
        assertThat(PlanDescription.latencyMeasurement(openPlan))
                .isEqualTo("measured from each request's intended start (coordinated-omission corrected)");
        // The HTML footer said "coordinated-omission corrected" of every run, closed ones too.
        assertThat(PlanDescription.latencyMeasurement(closedPlan))
                .isEqualTo("measured from each user's previous response (closed model: not corrected for"
                        + " coordinated omission)");
        assertThat(PlanDescription.latencyMeasurement(both))
                .isEqualTo("measured from each request's intended start (coordinated-omission corrected), in closed"
                        + " phases from each user's previous response");
        // What the figures are of: the measured phases, not an open warm-up before a closed measured phase.
        Phase openWarmup = new Phase("warm-up", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, true);
        Plan warmedClosed = new Plan(List.of(api), one, List.of(openWarmup, closed), 1);
        assertThat(PlanDescription.latencyMeasurement(warmedClosed))
                .isEqualTo(PlanDescription.latencyMeasurement(closedPlan));
        assertThat(PlanDescription.responseTimeBasis(warmedClosed))
                .isEqualTo(PlanDescription.responseTimeBasis(closedPlan));
    }

    @Test
    void oneRequestIsSingular() {
        Phase one = new Phase("main", LoadModel.Closed.connections(1), null, 1, false);
        assertThat(PlanDescription.phase(one)).isEqualTo("closed model, 1 connection, 1 request");
    }

    @Test
    void aPhasesLengthReadsAsTheRunsClockReadsIt() {
        // -d 1.5s: 'Running 1.5s test', then 'closed model, 64 connections, 1500ms' before.
        Phase users = new Phase("main", LoadModel.Closed.connections(64), Duration.ofMillis(1500), 0, false);
        assertThat(PlanDescription.phase(users)).isEqualTo("closed model, 64 connections, 1.5s");
        Phase ramp =
                new Phase("ramp", LoadModel.Open.constant(0).withRates(10, 20), Duration.ofMillis(3_630_000), 0, false);
        assertThat(PlanDescription.phase(ramp)).isEqualTo("open model, 10 -> 20 req/s, 1h00m30s");
        // A tick is a setting, not a length of the run: as the command line writes it.
        Phase ticked = new Phase(
                "main",
                new LoadModel.Open(100, 100, LoadModel.Arrivals.UNIFORM, 0, 0, 1_500_000),
                Duration.ofMillis(2500),
                0,
                false);
        assertThat(PlanDescription.phase(ticked)).isEqualTo("open model, 100 req/s, sent on a 1500us tick, 2.5s");
    }
}
