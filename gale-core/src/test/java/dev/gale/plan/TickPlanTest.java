package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** A tick as long as the phase would put every arrival of the phase on its first instant. */
    @Test
    void aTickNotShorterThanThePhaseIsRejected() {
        String yaml = """
                targets:
                  - url: http://127.0.0.1:8080
                requests:
                  - path: /
                rate: 1000
                duration: 3s
                tick: 1h
                """;
        assertThatThrownBy(
                        () -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1).validate())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(m -> assertThat(m)
                                        .contains("tick 3600000ms is not shorter than the phase (3000ms)")));
    }
}
