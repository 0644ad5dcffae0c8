package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Stage;
import dev.gale.plan.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OfferedLoad}: what a plan has due over a stretch of a run, checked against the fire times the event
 * loops take from the same plan.
 */
class OfferedLoadTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private static Plan plan(List<Phase> phases) {
        Target t = new Target("t", "http", "127.0.0.1", 1, ConnectionSettings.defaults());
        return new Plan(List.of(t), List.of(RequestSpec.get("r", "t", "/")), phases, 2);
    }

    private static Phase phase(LoadModel load, long millis, long maxRequests) {
        return new Phase("p", load, millis > 0 ? Duration.ofMillis(millis) : null, maxRequests, false);
    }

    private static LoadModel.Open ramp(double from, double to, long tickNanos) {
        return new LoadModel.Open(from, to, LoadModel.Arrivals.UNIFORM, 0, 0, tickNanos);
    }

    private static double due(Plan plan, double fromSeconds, double toSeconds) {
        OptionalDouble d =
                OfferedLoad.of(plan).between(Math.round(fromSeconds * SECOND), Math.round(toSeconds * SECOND));
        assertThat(d).as("an open-model plan has a figure").isPresent();
        return d.getAsDouble();
    }

    @ParameterizedTest(name = "{0}: [{1} s, {2} s) -> {3}")
    @CsvSource({
        // plan, from, to, arrivals due
        "1000/s for 4s, 0, 1, 1000", //                   a whole second
        "1000/s for 4s, 1.8, 2.72, 920", //               a stretch a stall ended: 1,000/s of it, not what went out
        "1000/s for 4s, 0, 1.0000417, 1001", //           arrival 1000 is due at 1 s exactly: inside
        "1000/s for 4s, 3, 4.3, 1000", //                 nothing is due after the plan's end
        "1000/s for 4s, 4.3, 5, 0", //                    the wait for the last responses
        "stages 1s:500 1s:2000, 0, 1, 250", //            a ramp from 0: its integral
        "stages 1s:500 1s:2000, 1, 2, 1250", //           the next stage starts where the first ended
        "stages 1s:500 1s:0 1s:0 1s:1000, 1, 2, 250", //  ramping down to a pause
        "stages 1s:500 1s:0 1s:0 1s:1000, 2, 3, 0", //    a stage held at 0 has nothing due
        "stages 1s:500 1s:0 1s:0 1s:1000, 3, 4, 500", //  and the ramp after it starts again from 0
        "warm-up 1s then 200/s for 2s, 0, 1, 200", //     the warm-up offers the load too
        "warm-up 1s then 200/s for 2s, 0.5, 1.5, 200", // an interval across the boundary adds both phases
        "-R 1000 -n 2500 -d 10s, 2, 3, 500", //           the request limit comes first
        "-R 1000 -n 2500 -d 10s, 3, 4, 0", //             and nothing is due after it
        "1000/s on a 100ms tick, 0, 0.95, 1000", //       the tick at 0.9 s sends 0.9 s to 1 s at once
        "1000/s on a 100ms tick, 0.95, 1.95, 1000", //    so an interval's arrivals move to its ticks
        "1000/s on a 100ms tick, 0, 0.9, 900", //         and one ending on a tick has what came before it
    })
    void dueIsWhatThePlanHasInTheInterval(String plan, double from, double to, double expected) {
        assertThat(due(named(plan), from, to)).isEqualTo(expected);
    }

    private static Plan named(String name) {
        return switch (name) {
            case "1000/s for 4s" -> plan(List.of(phase(LoadModel.Open.constant(1000), 4000, 0)));
            case "stages 1s:500 1s:2000" ->
                plan(Stage.phases(List.of(Stage.parse("1s:500"), Stage.parse("1s:2000")), LoadModel.Open.constant(0)));
            case "stages 1s:500 1s:0 1s:0 1s:1000" ->
                plan(Stage.phases(
                        List.of(
                                Stage.parse("1s:500"),
                                Stage.parse("1s:0"),
                                Stage.parse("1s:0"),
                                Stage.parse("1s:1000")),
                        LoadModel.Open.constant(0)));
            case "warm-up 1s then 200/s for 2s" -> {
                List<Phase> main = List.of(phase(LoadModel.Open.constant(200), 2000, 0));
                List<Phase> all = new ArrayList<>();
                all.add(Phase.warmupBefore(main, Duration.ofSeconds(1)));
                all.addAll(main);
                yield plan(all);
            }
            case "-R 1000 -n 2500 -d 10s" -> plan(List.of(phase(LoadModel.Open.constant(1000), 10_000, 2500)));
            case "1000/s on a 100ms tick" -> plan(List.of(phase(ramp(1000, 1000, 100 * MS), 3000, 0)));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Plans whose every arrival the fire times place, each with a request limit, tick and ramp of its own. */
    private static List<Plan> uniformPlans() {
        return List.of(
                named("1000/s for 4s"),
                named("stages 1s:500 1s:0 1s:0 1s:1000"),
                named("warm-up 1s then 200/s for 2s"),
                named("-R 1000 -n 2500 -d 10s"),
                named("1000/s on a 100ms tick"),
                plan(List.of(phase(ramp(0, 3, 0), 10_000, 0))), // arrivals seconds apart
                plan(List.of(phase(ramp(777, 77, 7 * MS), 2500, 0), phase(ramp(33.3, 900, 0), 1700, 1000))),
                plan(List.of(phase(LoadModel.Open.constant(3), 0, 7)))); // a limit alone
    }

    @Test
    void uniformArrivalsDueInAnyStretchAreExactlyThoseTheFireTimesPlaceThere() {
        for (Plan plan : uniformPlans()) {
            List<Long> intended = intendedStarts(plan);
            OfferedLoad offered = OfferedLoad.of(plan);
            long end = intended.get(intended.size() - 1) + SECOND;
            // Stretches of odd lengths, as a late collector cuts them, and whole seconds.
            for (long step : new long[] {SECOND, 37 * MS, 1_234_567_891L}) {
                double sum = 0;
                for (long from = 0; from < end; from += step) {
                    long a = from;
                    long to = from + step;
                    long expected =
                            intended.stream().filter(t -> t >= a && t < to).count();
                    double due = offered.between(from, to).orElseThrow();
                    assertThat(due).as("%s, [%d, %d) ns", plan.phases(), a, to).isEqualTo(expected);
                    sum += due;
                }
                assertThat(sum).as("the stretches add up to the plan").isEqualTo(intended.size());
            }
        }
    }

    /** Every arrival's intended start, nanoseconds after the run's start, as the event loops take them. */
    private static List<Long> intendedStarts(Plan plan) {
        List<Long> out = new ArrayList<>();
        long[] starts = plan.phaseStartsNanos();
        for (int p = 0; p < plan.phases().size(); p++) {
            Phase ph = plan.phases().get(p);
            FireTimes f = FireTimes.of((LoadModel.Open) ph.load(), ph.durationNanos(), ph.maxRequests(), p, 0, 1);
            for (long t = f.next(); t != FireTimes.END; t = f.next()) {
                out.add(starts[p] + t);
            }
        }
        return out;
    }

    @Test
    void poissonArrivalsHaveTheirExpectedNumberDue() {
        LoadModel.Open poisson = new LoadModel.Open(100, 300, LoadModel.Arrivals.POISSON, 7, 0);
        Plan plan = plan(List.of(phase(poisson, 2000, 0)));
        // The rate's integral, 100 t + 50 t^2: 150 in the first second, 250 in the second.
        assertThat(due(plan, 0, 1)).isCloseTo(150, within(1e-9));
        assertThat(due(plan, 1, 2)).isCloseTo(250, within(1e-9));
        assertThat(due(plan, 0.25, 0.5)).isCloseTo(34.375, within(1e-9));
        Plan limited = plan(List.of(phase(poisson.withRates(100, 100), 0, 150)));
        assertThat(due(limited, 1, 2)).as("no more than the limit").isCloseTo(50, within(1e-9));
        assertThat(due(limited, 2, 3)).isZero();
    }

    @Test
    void aClosedModelPhaseHasNoOfferedFigure() {
        Plan plan = plan(
                List.of(phase(LoadModel.Open.constant(100), 1000, 0), phase(LoadModel.Closed.connections(4), 1000, 0)));
        OfferedLoad offered = OfferedLoad.of(plan);
        assertThat(offered.between(0, SECOND)).hasValue(100);
        assertThat(offered.between(SECOND, 2 * SECOND)).isEmpty();
        assertThat(offered.between(SECOND / 2, SECOND * 3 / 2))
                .as("partly closed")
                .isEmpty();
        assertThat(offered.between(3 * SECOND, 4 * SECOND)).as("after the plan").hasValue(0);
    }

    @Test
    void theUsersOfAClosedPhaseOfTheOtherKindIssueTheLoadOfferedToItAtItsBoundaries() {
        // A warm-up, then closed-model users: their first requests go out at the boundary, often just before the
        // warm-up's last interval is cut. Counted as 0 offered there, and only from the next interval on in the
        // measured rows, up to the users' number of requests were in no row's offered load.
        for (LoadModel warmup : List.of(LoadModel.Closed.connections(4), LoadModel.Open.constant(100))) {
            Plan plan = plan(List.of(
                    new Phase("warm", warmup, Duration.ofSeconds(1), 0, true),
                    phase(LoadModel.Closed.connections(4), 1000, 0),
                    new Phase("cool", LoadModel.Open.constant(100), Duration.ofSeconds(1), 0, true)));
            OfferedLoad offered = OfferedLoad.of(plan);

            assertThat(offered.between(0, SECOND, false))
                    .as("the measured requests issued at its start stand for its load")
                    .isEmpty();
            assertThat(offered.between(2 * SECOND, 3 * SECOND, false))
                    .as("and those issued as it ended")
                    .isEmpty();
            assertThat(offered.between(0, SECOND / 2, false)).as("not adjacent").hasValue(0);
            if (warmup instanceof LoadModel.Open) {
                assertThat(offered.between(SECOND, 2 * SECOND, true))
                        .as("an open warm-up's arrivals come from the plan: none after it")
                        .hasValue(0);
            }
        }
        Plan open = plan(List.of(
                new Phase("warm", LoadModel.Open.constant(100), Duration.ofSeconds(1), 0, true),
                phase(LoadModel.Open.constant(100), 1000, 0)));
        assertThat(OfferedLoad.of(open).between(0, SECOND, false))
                .as("an open phase's arrivals come from the plan")
                .hasValue(0);
    }
}
