package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plan key tick: a phase turns the top-level tick off with tick: 0 in any spelling. */
class TickPlanTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "0s", "0us", "'0'"})
    void aPhaseTurnsTheTopLevelTickOff(String off) {
        String yaml = """
                targets:
                  - url: http://127.0.0.1:8080
                requests:
                  - path: /
                tick: 5ms
                phases:
                  - rate: 100
                    duration: 1s
                    tick: %s
                """.formatted(off);
        Plan p = PlanFile.parse("plan.yaml", yaml, dir).resolve(1);
        assertThat(((LoadModel.Open) p.phases().get(0).load()).tickNanos())
                .as("tick: " + off)
                .isZero();
    }

    /** The one problem resolving {@code yaml} finds, after {@code flags} set their values over it. */
    private String problem(String yaml, java.util.function.Consumer<PlanFile> flags) {
        PlanFile file = PlanFile.parse("plan.yaml", yaml, dir);
        flags.accept(file);
        try {
            file.resolve(1);
        } catch (InvalidPlanException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("the plan resolved");
    }

    private static final String TAIL =
            ": all its arrivals would go at its start; use a tick well under it, such as" + " 1ms to 10ms";

    /** A tick as long as the phase would put every arrival of the phase on its first instant. */
    @Test
    void aTickNotShorterThanThePhaseIsRejectedAtItsPlaceInTheDurationsUsersWrite() {
        String yaml = """
                targets:
                  - url: http://127.0.0.1:8080
                requests:
                  - path: /
                rate: 1000
                duration: 3s
                tick: 1h
                """;
        assertThat(problem(yaml, f -> {}))
                .isEqualTo("plan.yaml:7: tick: 1h is not shorter than the duration (3s)" + TAIL);
    }

    @Test
    void aPhasesOwnTickIsBlamedWhereItIsWritten() {
        String yaml = """
                targets:
                  - url: http://127.0.0.1:8080
                requests:
                  - path: /
                tick: 5ms
                phases:
                  - rate: 100
                    duration: 5s
                  - name: short
                    rate: 100
                    duration: 1500ms
                    tick: 1.5s
                """;
        assertThat(problem(yaml, f -> {}))
                .isEqualTo("plan.yaml:12: phases[1].tick: 1500ms is not shorter than phase 'short' (1500ms)" + TAIL);
    }

    @Test
    void aTickNotShorterThanTheWarmupIsRejected() {
        String yaml = """
                targets:
                  - url: http://127.0.0.1:8080
                requests:
                  - path: /
                rate: 10
                duration: 30s
                warmup: 2s
                tick: 2s
                """;
        assertThat(problem(yaml, f -> {}))
                .isEqualTo("plan.yaml:8: tick: 2s is not shorter than the warm-up (2s)" + TAIL);
    }

    /** gale run plan.yaml --tick 20s: the user wrote the flag, not the plan; the plan has the phase. */
    @Test
    void aTickSetByAFlagIsBlamedOnTheFlagNamingThePhaseOfThePlan() {
        String yaml = """
                targets: [{name: a, url: "http://127.0.0.1:8080/hello"}]
                requests: [{target: a, path: /hello}]
                phases: [{duration: 5s, rate: 10}, {duration: 1m, rate: 10, tick: 5ms}]
                """;
        assertThat(problem(yaml, f -> f.set("tick", 20.0, "--tick")))
                .isEqualTo("--tick 20s is not shorter than phase 'phase 1' (5s) of plan.yaml: all its arrivals would go"
                        + " at its start. Use a tick well under it, such as 1ms to 10ms");
    }
}
